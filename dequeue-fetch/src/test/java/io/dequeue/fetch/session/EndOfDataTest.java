package io.dequeue.fetch.session;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class EndOfDataTest {

    private static int endWhenSplitAt(String data, int split) {
        byte[] b = data.getBytes(StandardCharsets.US_ASCII);
        EndOfData eod = new EndOfData();
        int e = eod.scan(b, 0, split);
        if (e >= 0) {
            return e;
        }
        e = eod.scan(b, split, b.length - split);
        return e;
    }

    @Test
    void findsTheTerminatorWhereverTheReadsSplitIt() {
        String data = "Subject: x\r\n\r\n..stuffed\r\n.x\r\n.\r\nMAIL FROM:<a@b>\r\n";
        int expected = data.indexOf("\r\n.\r\n") + 5;
        for (int split = 0; split <= data.length(); split++) {
            assertThat(endWhenSplitAt(data, split)).as("split at %d", split).isEqualTo(expected);
        }
    }

    @Test
    void anEmptyMessageEndsAtItsFirstLine() {
        assertThat(endWhenSplitAt(".\r\nQUIT\r\n", 1)).isEqualTo(3);
    }

    @Test
    void stuffedDotsBareLineEndsAndDotsInsideLinesDoNotEnd() {
        String data = "..\r\n\n.\r\n\r.\r\na.\r\n..\r\n";
        byte[] b = data.getBytes(StandardCharsets.US_ASCII);
        assertThat(new EndOfData().scan(b, 0, b.length)).isEqualTo(-1);
    }

    @Test
    void byteByByte() {
        byte[] b = "a\r\n\r\n.\r\n".getBytes(StandardCharsets.US_ASCII);
        EndOfData eod = new EndOfData();
        int found = -1;
        for (int i = 0; i < b.length && found < 0; i++) {
            found = eod.scan(b, i, 1);
        }
        assertThat(found).isEqualTo(b.length);
    }
}
