package org.millrace.streams;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.millrace.core.bus.Addresses;
import org.slf4j.LoggerFactory;

/** Stream keys and passphrases are secrets: a whole stream's life must not put either into a log line. */
class StreamKeyLoggingTest {

    @Test
    void noKeyOrPassphraseIsEverLogged(@TempDir Path dir) throws Exception {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        Logger ours = (Logger) LoggerFactory.getLogger("org.millrace");
        Level before = ours.getLevel();
        ListAppender<ILoggingEvent> captured = new ListAppender<>();
        captured.start();
        root.addAppender(captured);
        ours.setLevel(Level.TRACE);
        List<String> secrets = new ArrayList<>();
        try (StreamsHarness harness = StreamsHarness.start(dir, Duration.ofMillis(200))) {
            String token = harness.token("u-dave", "dave");
            String passphrase = "daves-passphrase-42";
            secrets.add(passphrase);
            JsonObject created = harness.create(
                    token, new JsonObject().put("title", "Secretive").put("passphrase", passphrase));
            String id = created.getString("id");
            secrets.add(created.getString("streamKey"));

            harness.call(HttpMethod.GET, "/api/streams/" + id, token, null);
            JsonObject rotated = harness.call(HttpMethod.POST, "/api/streams/" + id + "/key", token, null)
                    .bodyAsJsonObject();
            secrets.add(rotated.getString("streamKey"));
            for (String key : List.of(created.getString("streamKey"), rotated.getString("streamKey"))) {
                harness.bus(
                        Addresses.STREAMS_AUTHORIZE_PUBLISH,
                        new JsonObject().put("streamKey", key).put("passphrase", passphrase));
                harness.bus(
                        Addresses.STREAMS_AUTHORIZE_PUBLISH,
                        new JsonObject().put("streamKey", key).put("passphrase", "wrong passphrase!"));
            }
            harness.bus(Addresses.STREAMS_PUBLISH_STARTED, new JsonObject().put("streamId", id));
            harness.bus(
                    Addresses.STREAMS_AUTHORIZE_PUBLISH,
                    new JsonObject().put("streamKey", rotated.getString("streamKey")));
            harness.bus(Addresses.STREAMS_PUBLISH_STOPPED, new JsonObject().put("streamId", id));
            Thread.sleep(600);
            harness.call(
                    HttpMethod.PATCH,
                    "/api/streams/" + id,
                    token,
                    new JsonObject().put("title", "").put("passphrase", passphrase));
            harness.call(HttpMethod.DELETE, "/api/streams/" + id, token, null);
        } finally {
            root.detachAppender(captured);
            ours.setLevel(before);
        }

        assertThat(captured.list)
                .as("the service logged something, so the check means something")
                .anySatisfy(event -> assertThat(event.getFormattedMessage()).contains("publish authorization"));
        for (ILoggingEvent event : captured.list) {
            String line = event.getFormattedMessage()
                    + (event.getThrowableProxy() == null ? "" : ThrowableProxyUtil.asString(event.getThrowableProxy()));
            for (String secret : secrets) {
                assertThat(line).as("log line of %s", event.getLoggerName()).doesNotContain(secret);
            }
        }
    }
}
