package io.dequeue.localkafka;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Keeps the in-process broker quiet.
 *
 * <p>The broker logs through SLF4J. Outside Quarkus this module routes SLF4J (and log4j-api) to
 * {@code java.util.logging}; inside a Quarkus JVM SLF4J goes to the JBoss LogManager, which is also
 * the {@code java.util.logging} manager there. Either way, setting the level of the broker's logger
 * categories through {@code java.util.logging} turns the broker down without touching the clients.
 */
final class BrokerLogging {

    /** Logger categories used only by the broker side of Kafka (never by the clients or Streams). */
    static final List<String> BROKER_CATEGORIES = List.of(
            "kafka",
            "state.change.logger",
            "org.apache.kafka.controller",
            "org.apache.kafka.coordinator",
            "org.apache.kafka.deferred",
            "org.apache.kafka.image",
            "org.apache.kafka.metadata",
            "org.apache.kafka.network",
            "org.apache.kafka.queue",
            "org.apache.kafka.raft",
            "org.apache.kafka.security",
            "org.apache.kafka.server",
            "org.apache.kafka.snapshot",
            "org.apache.kafka.storage",
            "org.apache.kafka.timeline");

    /**
     * Warnings the broker logs in normal operation: a fresh log directory ("the metadata log appears
     * to be empty") and every clean shutdown (its registration channel's client closed twice).
     */
    private static final List<String[]> BENIGN_WARNINGS = List.of(
            new String[] {"org.apache.kafka.controller.QuorumController", "Performing controller activation"},
            new String[] {"org.apache.kafka.clients.NetworkClient",
                "name=registration] Attempting to close NetworkClient that has already been closed"});

    /** java.util.logging keeps loggers weakly: hold the ones whose level was set. */
    private static final List<Logger> PINNED = new ArrayList<>();

    private BrokerLogging() {
    }

    /**
     * Sets the broker categories to WARNING, except a category whose level someone already set
     * (a logging configuration asking for more detail wins).
     */
    static synchronized void quietBroker() {
        for (String category : BROKER_CATEGORIES) {
            Logger logger = Logger.getLogger(category);
            if (logger.getLevel() == null) {
                logger.setLevel(Level.WARNING);
            }
            PINNED.add(logger);
        }
        for (String[] benign : BENIGN_WARNINGS) {
            Logger logger = Logger.getLogger(benign[0]);
            if (logger.getFilter() == null) {
                String fragment = benign[1];
                logger.setFilter(record -> record.getLevel().intValue() > Level.WARNING.intValue()
                        || record.getMessage() == null || !record.getMessage().contains(fragment));
            }
            PINNED.add(logger);
        }
    }

    /**
     * For a JVM that is only the broker ({@link LocalKafkaMain}): everything at WARNING, one line per
     * record on standard error, unless a {@code java.util.logging} configuration file was given.
     */
    static synchronized void configureStandalone() {
        if (System.getProperty("java.util.logging.config.file") != null
                || System.getProperty("java.util.logging.config.class") != null) {
            quietBroker();
            return;
        }
        Logger root = Logger.getLogger("");
        for (Handler handler : root.getHandlers()) {
            root.removeHandler(handler);
        }
        ConsoleHandler console = new ConsoleHandler();
        console.setLevel(Level.ALL);
        console.setFormatter(new OneLineFormatter());
        root.addHandler(console);
        root.setLevel(Level.WARNING);
        PINNED.add(root);
        quietBroker();
    }

    /** {@code 2026-01-01T10:00:00.123Z WARN  logger.name message}, plus the stack trace if any. */
    static final class OneLineFormatter extends Formatter {
        @Override
        public String format(LogRecord record) {
            StringBuilder line = new StringBuilder(160)
                    .append(record.getInstant()).append(' ')
                    .append(levelName(record.getLevel())).append(' ')
                    .append(record.getLoggerName()).append(' ')
                    .append(formatMessage(record))
                    .append(System.lineSeparator());
            if (record.getThrown() != null) {
                java.io.StringWriter trace = new java.io.StringWriter();
                record.getThrown().printStackTrace(new java.io.PrintWriter(trace));
                line.append(trace);
            }
            return line.toString();
        }

        private static String levelName(Level level) {
            int value = level.intValue();
            if (value >= Level.SEVERE.intValue()) {
                return "ERROR";
            }
            if (value >= Level.WARNING.intValue()) {
                return "WARN ";
            }
            if (value >= Level.INFO.intValue()) {
                return "INFO ";
            }
            return "DEBUG";
        }
    }
}
