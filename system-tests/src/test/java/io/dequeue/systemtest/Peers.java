package io.dequeue.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

/** The real peers the system tests run against; each check fails loudly (CI installs them all). */
final class Peers {
    private Peers() {
    }

    /** fetchmail (the customer's side) and Postfix's smtp-sink (the customer's mail server). */
    static void requireFetchmailAndSink() {
        assertThat(SmtpSink.available()).as("Postfix smtp-sink at " + SmtpSink.BINARY + " (CI installs postfix)").isTrue();
        assertThat(Fetchmail.available()).as("fetchmail at " + Fetchmail.BINARY + " (CI installs it)").isTrue();
    }
}
