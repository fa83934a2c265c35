package org.millrace.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.millrace.core.bus.Addresses;

/**
 * Viewer heartbeats through the real gateway (behind a trusted proxy, so X-Forwarded-For names each client): made-up
 * viewer ids from one address count at most {@code perAddress}; other addresses count separately.
 */
class LiveViewerCapTest {
    @TempDir
    Path dir;

    @Test
    void madeUpViewerIdsFromOneAddressDoNotInflateTheCount() throws Exception {
        try (StreamsHarness harness =
                StreamsHarness.start(dir, Duration.ofSeconds(10), Map.of("MILLRACE_TRUSTED_PROXIES", "127.0.0.1"))) {
            String owner = harness.token("u-vic", "vic");
            String id = harness.create(owner, new JsonObject().put("title", "Popular?"))
                    .getString("id");
            harness.bus(Addresses.STREAMS_PUBLISH_STARTED, new JsonObject().put("streamId", id));
            int cap = StreamsSettings.ViewerLimits.defaults().perAddress();

            int answered = 0;
            for (int i = 0; i < 300; i++) {
                answered = heartbeat(harness, id, String.format("made-up-viewer-%04d", i), "203.0.113.7");
            }
            assertThat(answered).isEqualTo(cap);
            assertThat(viewers(harness, id)).isEqualTo(cap);

            for (int i = 1; i <= 3; i++) {
                answered = heartbeat(harness, id, String.format("household-viewer-%04d", i), "198.51.100." + i);
            }
            assertThat(answered).as("several addresses still count separately").isEqualTo(cap + 3);
            assertThat(harness.call(HttpMethod.GET, "/api/streams/" + id + "/stats", owner, null)
                            .bodyAsJsonObject()
                            .getInteger("viewers"))
                    .isEqualTo(cap + 3);
        }
    }

    private static int heartbeat(StreamsHarness harness, String id, String viewerId, String address) throws Exception {
        HttpResponse<Buffer> response = harness.client
                .post("/api/streams/" + id + "/viewers/heartbeat")
                .putHeader("X-Forwarded-For", address)
                .sendJsonObject(new JsonObject().put("viewerId", viewerId))
                .await(10, TimeUnit.SECONDS);
        assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
        return response.bodyAsJsonObject().getInteger("viewers");
    }

    private static int viewers(StreamsHarness harness, String id) throws Exception {
        return harness.call(HttpMethod.GET, "/api/streams/" + id, null, null)
                .bodyAsJsonObject()
                .getInteger("viewers");
    }
}
