package io.dequeue.fetch;

import io.dequeue.fetch.session.EtrnPull;
import io.dequeue.fetch.session.OdmrPull;

/**
 * One pull from an upstream server: an ODMR session (ATRN, then the reversed session relayed into
 * the local mail server) or an ETRN request. Used by the command line and the daemon. A pull never
 * throws: every outcome is a {@link PullResult} with its {@link ExitStatus}.
 */
public interface Pull {

    /** Runs the pull on the calling thread; {@code stop} may end it after the current message. */
    PullResult run(StopSignal stop);

    /**
     * An ODMR pull.
     *
     * @throws FetchException {@link ExitStatus#USAGE} when the options are not usable
     */
    static Pull odmr(OdmrOptions options) throws FetchException {
        options.validate();
        return new OdmrPull(options);
    }

    /**
     * An ETRN request.
     *
     * @throws FetchException {@link ExitStatus#USAGE} when the options are not usable
     */
    static Pull etrn(EtrnOptions options) throws FetchException {
        options.validate();
        return new EtrnPull(options);
    }
}
