package org.millrace.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.millrace.core.bus.Addresses;

/**
 * Two gateways in front of the real streams service: a player's master playlist answered by one gateway and its
 * media playlist by the other, right after the stream went live. The second gateway remembered the stream as
 * offline a moment before; it must not refuse the new session's files for the life of that memory.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TwoGatewaysLiveTest {
    private static final String MASTER = "#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=800000\n480p/index.m3u8\n";
    private static final String MEDIA =
            "#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXT-X-MEDIA-SEQUENCE:0\n" + "#EXTINF:2.000,\nseg00000.m4s\n";

    private StreamsHarness harness;
    private WebClient second;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        harness = StreamsHarness.start(dir, Duration.ofSeconds(30));
        int port = harness.deployAnotherGateway();
        second = WebClient.create(
                harness.vertx,
                new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port));
    }

    @AfterAll
    void stop() throws Exception {
        if (harness != null) {
            harness.close();
        }
    }

    private int status(WebClient client, String path) throws Exception {
        return client.get(path).send().await(10, TimeUnit.SECONDS).statusCode();
    }

    @Test
    void aNewSessionPlaysThroughAGatewayThatRememberedTheStreamOffline() throws Exception {
        String id = harness.create(harness.token("u-erin", "erin"), new JsonObject().put("title", "Spread"))
                .getString("id");
        assertThat(status(second, "/live/" + id + "/Session-00000001/480p/index.m3u8"))
                .as("offline: remembered so by the second gateway")
                .isEqualTo(404);

        String session = harness.bus(
                        Addresses.STREAMS_PUBLISH_STARTED,
                        new JsonObject().put("streamId", id).put("publisher", "203.0.113.7:5000"))
                .getString("sessionId");
        Path files = harness.config
                .dataDir()
                .resolve("storage")
                .resolve("live")
                .resolve(id)
                .resolve(session);
        Files.createDirectories(files.resolve("480p"));
        Files.writeString(files.resolve("master.m3u8"), MASTER, StandardCharsets.UTF_8);
        Files.writeString(files.resolve("480p").resolve("index.m3u8"), MEDIA, StandardCharsets.UTF_8);
        Thread.sleep(300); // past the recheck, well within the 2 s the second gateway remembers "offline"

        assertThat(status(harness.client, "/live/" + id + "/master.m3u8"))
                .as("master, first gateway")
                .isEqualTo(200);
        assertThat(status(second, "/live/" + id + "/" + session + "/480p/index.m3u8"))
                .as("media playlist of the new session, second gateway")
                .isEqualTo(200);
        assertThat(status(second, "/live/" + id + "/Session-99999999/480p/index.m3u8"))
                .as("another session is still refused")
                .isEqualTo(404);
    }
}
