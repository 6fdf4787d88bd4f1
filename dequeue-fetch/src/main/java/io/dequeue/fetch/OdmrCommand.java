package io.dequeue.fetch;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code dequeue-fetch odmr}: one ATRN pull into the local mail server. */
@Command(name = "odmr", mixinStandardHelpOptions = true,
        description = "Pull held mail with ATRN (RFC 2645) and relay it into the local mail server.")
public final class OdmrCommand implements Callable<Integer> {

    @Mixin
    UpstreamMixin upstream;

    @Option(names = "--domain", paramLabel = "D", description = "Domain to ask for (repeatable); none: every domain of the account.")
    List<String> domains = new ArrayList<>();

    @Option(names = "--deliver-to", required = true, paramLabel = "HOST:PORT", description = "The local mail server (SMTP, or LMTP with --lmtp).")
    String deliverTo;

    @Option(names = "--lmtp", description = "Speak LMTP to the local server.")
    boolean lmtp;

    @Override
    public Integer call() {
        Logs.configure(upstream.verbose);
        try {
            HostPort local;
            try {
                local = HostPort.parse(deliverTo);
            } catch (IllegalArgumentException e) {
                throw new FetchException(ExitStatus.USAGE, "--deliver-to: " + e.getMessage());
            }
            Pull pull = Pull.odmr(new OdmrOptions(upstream.toOptions(), domains, local, lmtp));
            return CliRun.run(pull);
        } catch (FetchException e) {
            System.err.println("dequeue-fetch: " + e.getMessage());
            return e.exitStatus();
        }
    }
}
