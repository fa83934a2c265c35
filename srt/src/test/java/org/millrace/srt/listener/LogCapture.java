package org.millrace.srt.listener;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.LoggerFactory;

/** Test fixture: every log line of the SRT library while open, to check that hostile input is not logged per packet. */
final class LogCapture extends AppenderBase<ILoggingEvent> implements AutoCloseable {
    private final Logger logger = (Logger) LoggerFactory.getLogger("org.millrace.srt");
    private final List<ILoggingEvent> events = new CopyOnWriteArrayList<>();

    LogCapture() {
        start();
        logger.addAppender(this);
    }

    @Override
    protected void append(ILoggingEvent event) {
        events.add(event);
    }

    /** Lines whose message contains {@code text}. */
    long count(String text) {
        return events.stream()
                .filter(e -> e.getFormattedMessage().contains(text))
                .count();
    }

    int size() {
        return events.size();
    }

    @Override
    public void close() {
        logger.detachAppender(this);
        stop();
    }
}
