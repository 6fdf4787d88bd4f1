package io.dequeue.fetch;

import io.dequeue.fetch.daemon.DaemonCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code java -jar dequeue-fetch.jar (odmr|etrn|daemon) ...}: the customer-side ODMR and ETRN client.
 * Exit statuses: {@link ExitStatus}.
 */
@Command(name = "dequeue-fetch", mixinStandardHelpOptions = true, version = "dequeue-fetch 0.1.0",
        description = "Pull held mail from an ODMR (ATRN) server into your mail server, or trigger ETRN.",
        subcommands = {OdmrCommand.class, EtrnCommand.class, DaemonCommand.class})
public final class DequeueFetch implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line with every subcommand; usage errors exit {@link ExitStatus#USAGE}. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new DequeueFetch());
        cl.setExitCodeExceptionMapper(e -> ExitStatus.USAGE);
        return cl;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required: odmr, etrn or daemon");
    }
}
