package io.dequeue.edge.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dequeue.smtp.reply.Replies;
import io.dequeue.smtp.reply.Reply;
import io.dequeue.smtp.reply.ReplyException;
import io.dequeue.smtp.wire.DataReader;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MessageBufferTest {

    static final byte[] PREFIX = "Received: x\r\n".getBytes(StandardCharsets.US_ASCII);
    static final DataReader.Result OK = new DataReader.Result(DataReader.Status.OK, 0, 0, 0, new byte[0]);

    final List<byte[]> stored = new ArrayList<>();

    Future<Reply> keep(byte[] m) {
        stored.add(m);
        return Future.succeededFuture(Replies.queued("ID"));
    }

    @Test
    void declaredSizeGivesOneExactArray() {
        MemoryBudget budget = new MemoryBudget(1 << 20);
        MessageBuffer b = MessageBuffer.open(PREFIX, 10L, 1000, budget, this::keep);
        assertThat(b.capacity()).isEqualTo(PREFIX.length + 10);
        b.chunk(Buffer.buffer("hello\r\n"));
        b.chunk(Buffer.buffer("x\r\n"));
        assertThat(b.capacity()).isEqualTo(PREFIX.length + 10);
        Future<Reply> r = b.end(OK);
        assertThat(r.result().code()).isEqualTo(250);
        assertThat(new String(stored.get(0), StandardCharsets.US_ASCII)).isEqualTo("Received: x\r\nhello\r\nx\r\n");
        assertThat(budget.used()).isZero();
        assertThat(budget.peak()).isEqualTo(PREFIX.length + 10);
    }

    @Test
    void growsWithoutDeclaredSizeAndTrimsOnce() {
        MemoryBudget budget = new MemoryBudget(1 << 22);
        MessageBuffer b = MessageBuffer.open(PREFIX, null, 1 << 21, budget, this::keep);
        assertThat(b.capacity()).isEqualTo(PREFIX.length + MessageBuffer.INITIAL_CAPACITY);
        byte[] chunk = new byte[10_000];
        for (int i = 0; i < 10; i++) {
            java.util.Arrays.fill(chunk, (byte) ('a' + i));
            b.chunk(Buffer.buffer(chunk));
        }
        b.end(OK);
        assertThat(stored.get(0)).hasSize(PREFIX.length + 100_000);
        assertThat(stored.get(0)[PREFIX.length + 99_999]).isEqualTo((byte) 'j');
        assertThat(budget.used()).isZero();
    }

    @Test
    void aLargeDeclaredSizeReservesOnlyWhatArrives() {
        MemoryBudget budget = new MemoryBudget(1 << 22);
        MessageBuffer b = MessageBuffer.open(PREFIX, 26_214_400L, 26_214_400L, budget, this::keep);
        assertThat(budget.used()).isEqualTo(PREFIX.length + MessageBuffer.SEGMENT);
        byte[] chunk = new byte[10_000];
        for (int i = 0; i < 20; i++) {
            java.util.Arrays.fill(chunk, (byte) ('a' + i));
            b.chunk(Buffer.buffer(chunk));
            assertThat(budget.used()).isEqualTo(b.capacity()).isLessThan(b.size() + MessageBuffer.SEGMENT);
        }
        assertThat(b.end(OK).result().code()).isEqualTo(250);
        assertThat(stored.get(0)).hasSize(PREFIX.length + 200_000);
        assertThat(stored.get(0)[PREFIX.length]).isEqualTo((byte) 'a');
        assertThat(stored.get(0)[PREFIX.length + 199_999]).isEqualTo((byte) 't');
        assertThat(budget.used()).isZero();
    }

    @Test
    void gatewayLimitDropsTheBufferAndAnswers552() {
        MemoryBudget budget = new MemoryBudget(1 << 20);
        MessageBuffer b = MessageBuffer.open(PREFIX, null, 100, budget, this::keep);
        b.chunk(Buffer.buffer(new byte[60]));
        b.chunk(Buffer.buffer(new byte[41]));
        assertThat(b.capacity()).isZero();
        assertThat(budget.used()).isZero();
        b.chunk(Buffer.buffer(new byte[10]));
        assertThat(b.end(OK).result()).isEqualTo(Replies.MESSAGE_TOO_BIG);
        assertThat(stored).isEmpty();
    }

    @Test
    void exactlyAtTheLimitIsAccepted() {
        MessageBuffer b = MessageBuffer.open(PREFIX, null, 100, new MemoryBudget(1 << 20), this::keep);
        b.chunk(Buffer.buffer(new byte[100]));
        assertThat(b.end(OK).result().code()).isEqualTo(250);
        assertThat(stored.get(0)).hasSize(PREFIX.length + 100);
    }

    @Test
    void budgetRefusesAtDataAndDuringTheBody() {
        MemoryBudget budget = new MemoryBudget(1000);
        assertThatThrownBy(() -> MessageBuffer.open(PREFIX, 5000L, 10_000, budget, this::keep))
                .isInstanceOf(ReplyException.class)
                .extracting(e -> ((ReplyException) e).reply()).isEqualTo(Replies.GATEWAY_STORAGE_FULL);
        MessageBuffer b = MessageBuffer.open(PREFIX, 100L, 10_000, budget, this::keep);
        b.chunk(Buffer.buffer(new byte[2000]));
        assertThat(budget.used()).isZero();
        assertThat(b.end(OK).result()).isEqualTo(Replies.TEMPORARY_STORAGE_FAILURE);
        assertThat(stored).isEmpty();
    }

    @Test
    void budgetIsHeldUntilTheStoreCompletes() {
        MemoryBudget budget = new MemoryBudget(1 << 20);
        Promise<Reply> pending = Promise.promise();
        MessageBuffer b = MessageBuffer.open(PREFIX, 5L, 1000, budget, m -> pending.future());
        b.chunk(Buffer.buffer("abc\r\n"));
        Future<Reply> r = b.end(OK);
        assertThat(r.isComplete()).isFalse();
        assertThat(budget.used()).isEqualTo(PREFIX.length + 5);
        pending.complete(Replies.queued("x"));
        assertThat(budget.used()).isZero();
    }

    @Test
    void abortReleases() {
        MemoryBudget budget = new MemoryBudget(1 << 20);
        MessageBuffer b = MessageBuffer.open(PREFIX, 500L, 1000, budget, this::keep);
        b.chunk(Buffer.buffer("abc"));
        b.abort(Replies.LOCAL_ERROR);
        b.abort(Replies.LOCAL_ERROR);
        assertThat(budget.used()).isZero();
        b.chunk(Buffer.buffer("more"));
        assertThat(budget.used()).isZero();
    }
}
