package io.dequeue.edge.kafka;

/**
 * Where the reply reader hands the messages released to one ATRN session, in partition order, on
 * the reader's thread. A message comes either with its bytes (counted against the session's and
 * the edge's buffer) or, when the session already holds its share, as a reference to its record,
 * to be read again with {@link ReplyChannel#reread} when the session gets to it.
 */
public interface AtrnSink {
    /** A message held in memory; the session accounts it back with {@link ReplyChannel#released} once done. */
    void message(AtrnMessage m);

    /** A message left in the partition at {@code offset} ({@code bytes} long). */
    void reference(long offset, int bytes);
}
