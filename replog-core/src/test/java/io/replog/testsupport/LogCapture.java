package io.replog.testsupport;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Captures what one logger (and its children) logs while open: the one log-capture helper of
 * the tests (replog-zk uses it through replog-core's test jar). While open the logger logs at
 * {@code level} and above (INFO unless told), whatever the configuration says; closing restores
 * its level. Events are kept in a thread-safe list, since ZooKeeper's threads log too.
 *
 * <p>Tests of the simulation should rather assert on its typed events (see
 * {@code io.replog.sim.ClusterEvents}); this is for what a log line itself promises an operator.
 */
public final class LogCapture implements AutoCloseable {
    private final Logger logger;
    private final Level previousLevel;
    private final List<ILoggingEvent> events = new CopyOnWriteArrayList<>();
    private final AppenderBase<ILoggingEvent> appender = new AppenderBase<>() {
        @Override
        protected void append(ILoggingEvent event) {
            events.add(event);
        }
    };

    /** Captures the logger named after {@code loggerOf} at INFO and above. */
    public LogCapture(Class<?> loggerOf) {
        this(loggerOf.getName(), Level.INFO);
    }

    /** Captures logger {@code name} (a class or package name) at INFO and above. */
    public LogCapture(String name) {
        this(name, Level.INFO);
    }

    /** Captures logger {@code name} at {@code level} and above; to quieten a logger, pass a high level. */
    public LogCapture(String name, Level level) {
        logger = (Logger) LoggerFactory.getLogger(name);
        previousLevel = logger.getLevel();
        appender.start();
        logger.addAppender(appender);
        logger.setLevel(level);
    }

    /** The messages logged at exactly {@code level}, formatted, oldest first. */
    public List<String> lines(Level level) {
        return events.stream().filter(e -> e.getLevel() == level).map(ILoggingEvent::getFormattedMessage).toList();
    }

    public List<String> warnings() {
        return lines(Level.WARN);
    }

    public List<String> infos() {
        return lines(Level.INFO);
    }

    @Override
    public void close() {
        logger.detachAppender(appender);
        appender.stop();
        logger.setLevel(previousLevel);
    }
}
