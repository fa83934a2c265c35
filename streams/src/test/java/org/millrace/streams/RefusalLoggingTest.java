package org.millrace.streams;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.millrace.core.bus.Addresses;
import org.slf4j.LoggerFactory;

/** A caller trying keys in a loop gets a refusal each time but cannot fill the log: refusals are logged within a budget. */
class RefusalLoggingTest {
    @Test
    void aThousandRefusedKeysLogAtMostTheBudget(@TempDir Path dir) throws Exception {
        Logger logger = (Logger) LoggerFactory.getLogger(PublishLifecycle.class);
        ListAppender<ILoggingEvent> captured = new ListAppender<>();
        captured.start();
        logger.addAppender(captured);
        try (StreamsHarness harness = StreamsHarness.start(dir, Duration.ofSeconds(10))) {
            for (int i = 0; i < 1000; i++) {
                JsonObject answer = harness.bus(
                        Addresses.STREAMS_AUTHORIZE_PUBLISH,
                        new JsonObject().put("streamKey", String.format("guessed-key-%08d", i)));
                assertThat(answer.getString("reason")).isEqualTo("unknown_key");
            }
        } finally {
            logger.detachAppender(captured);
        }
        long refusals = captured.list.stream()
                .filter(e -> e.getFormattedMessage().contains("refused"))
                .count();
        assertThat(refusals).isPositive().isLessThanOrEqualTo(60);
    }
}
