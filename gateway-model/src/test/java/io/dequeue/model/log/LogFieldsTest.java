package io.dequeue.model.log;

import org.jboss.logging.Logger;
import org.jboss.logging.MDC;
import org.jboss.logmanager.ExtHandler;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Level;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Log records made through {@link LogFields} carry the fields as MDC entries (what the JSON console
 * log writes), and nothing is left behind for the next line on the same thread. The surefire
 * configuration makes JBoss LogManager the java.util.logging manager, as in the services.
 */
class LogFieldsTest {
    private static final String CATEGORY = "io.dequeue.model.log.test";
    private final List<ExtLogRecord> records = new CopyOnWriteArrayList<>();
    private final ExtHandler capture = new ExtHandler() {
        @Override
        protected void doPublish(ExtLogRecord record) {
            record.copyMdc();
            records.add(record);
        }
    };
    private final org.jboss.logmanager.Logger target = org.jboss.logmanager.Logger.getLogger(CATEGORY);
    private final Logger log = Logger.getLogger(CATEGORY);

    @BeforeEach
    void capture() {
        target.setLevel(Level.ALL);
        target.addHandler(capture);
    }

    @AfterEach
    void release() {
        target.removeHandler(capture);
    }

    @Test
    void aRecordMadeThroughTheHelperCarriesTheFields() {
        LogFields.of("s-17", "4XK2QZ7P1M", "example.net").log(() -> log.info("stored"));

        assertThat(records).hasSize(1);
        ExtLogRecord r = records.get(0);
        assertThat(r.getMdc(LogFields.SESSION_ID)).isEqualTo("s-17");
        assertThat(r.getMdc(LogFields.QUEUE_ID)).isEqualTo("4XK2QZ7P1M");
        assertThat(r.getMdc(LogFields.DOMAIN)).isEqualTo("example.net");
    }

    @Test
    void theFieldsAreGoneAfterTheCall() {
        LogFields.of("s-18", "5YL3RA8Q2N", "example.org").log(() -> log.info("stored"));
        log.info("the next line on this thread");

        assertThat(records).hasSize(2);
        ExtLogRecord next = records.get(1);
        assertThat(next.getMdc(LogFields.SESSION_ID)).isNull();
        assertThat(next.getMdc(LogFields.QUEUE_ID)).isNull();
        assertThat(next.getMdc(LogFields.DOMAIN)).isNull();
        assertThat(MDC.getMap()).doesNotContainKeys(LogFields.SESSION_ID, LogFields.QUEUE_ID, LogFields.DOMAIN);
    }

    @Test
    void anEnclosingCallsFieldsComeBackAndANullFieldKeepsThem() {
        LogFields.session("outer").log(() -> {
            LogFields.message("6ZM4SB9R3P", "example.com").log(() -> log.info("inner"));
            log.info("outer again");
        });

        assertThat(records).hasSize(2);
        assertThat(records.get(0).getMdc(LogFields.SESSION_ID)).isEqualTo("outer");
        assertThat(records.get(0).getMdc(LogFields.QUEUE_ID)).isEqualTo("6ZM4SB9R3P");
        assertThat(records.get(1).getMdc(LogFields.SESSION_ID)).isEqualTo("outer");
        assertThat(records.get(1).getMdc(LogFields.QUEUE_ID)).isNull();
        assertThat(records.get(1).getMdc(LogFields.DOMAIN)).isNull();
    }

    @Test
    void anExceptionInTheLogCallStillClearsTheFields() {
        try {
            LogFields.of("s-19", "7AN5TC0S4Q", "example.edu").log(() -> {
                throw new IllegalStateException("a formatter failed");
            });
        } catch (IllegalStateException expected) {
            // the MDC must be clean anyway
        }
        assertThat(MDC.getMap()).doesNotContainKeys(LogFields.SESSION_ID, LogFields.QUEUE_ID, LogFields.DOMAIN);
    }
}
