package io.dequeue.fetch;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code dequeue-fetch etrn}: ask the upstream to start delivering a domain's queue (RFC 1985). */
@Command(name = "etrn", mixinStandardHelpOptions = true,
        description = "Send ETRN for each domain and report every reply.")
public final class EtrnCommand implements Callable<Integer> {

    @Mixin
    UpstreamMixin upstream;

    @Option(names = "--domain", required = true, paramLabel = "D", description = "Domain (repeatable).")
    List<String> domains = new ArrayList<>();

    @Option(names = "--at", description = "Send ETRN @domain (the domain and its subdomains).")
    boolean at;

    @Override
    public Integer call() {
        Logs.configure(upstream.verbose);
        try {
            Pull pull = Pull.etrn(new EtrnOptions(upstream.toOptions(), domains, at));
            return CliRun.run(pull);
        } catch (FetchException e) {
            System.err.println("dequeue-fetch: " + e.getMessage());
            return e.exitStatus();
        }
    }
}
