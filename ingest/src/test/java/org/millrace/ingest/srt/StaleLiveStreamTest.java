package org.millrace.ingest.srt;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.millrace.core.bus.Addresses;
import org.millrace.core.bus.ServiceRequest;
import org.millrace.core.bus.ServiceResponse;
import org.millrace.core.media.LiveInput;

/**
 * A stream an ingest left live when it died (no publish-stopped ever came) would refuse its key as already_live
 * forever; an ingest starting says it has no publisher, and the stream gets the reconnect grace like any drop.
 */
class StaleLiveStreamTest {
    @TempDir
    Path dir;

    @Test
    void aStartingIngestTurnsStaleLiveStreamsReconnecting() throws Exception {
        try (IngestHarness harness = IngestHarness.start(dir, Duration.ofMillis(500))) {
            String token = harness.token("u-kim", "kim");
            JsonObject stream = harness.create(token, new JsonObject().put("title", "Left live"));
            String id = stream.getString("id");
            // As a publisher of an ingest that then crashed: started, never stopped.
            bus(harness, Addresses.STREAMS_PUBLISH_STARTED, new JsonObject().put("streamId", id));
            assertThat(harness.status(id)).isEqualTo("live");
            JsonObject refused = bus(
                    harness,
                    Addresses.STREAMS_AUTHORIZE_PUBLISH,
                    new JsonObject().put("streamKey", stream.getString("streamKey")));
            assertThat(refused.getString("reason")).isEqualTo("already_live");

            SrtIngestVerticle restarted = new SrtIngestVerticle(
                    IngestSettings.on("127.0.0.1", 0), LiveInput.discarding(), new SimpleMeterRegistry());
            harness.vertx.deployVerticle(restarted).await(30, TimeUnit.SECONDS);
            harness.awaitStatus(id, "reconnecting", Duration.ofSeconds(2));
            harness.awaitStatus(id, "offline", Duration.ofSeconds(5));
            JsonObject allowed = bus(
                    harness,
                    Addresses.STREAMS_AUTHORIZE_PUBLISH,
                    new JsonObject().put("streamKey", stream.getString("streamKey")));
            assertThat(allowed.getBoolean("allowed")).isTrue();
        }
    }

    private static JsonObject bus(IngestHarness harness, String address, JsonObject body) throws Exception {
        return harness.vertx
                .eventBus()
                .<ServiceResponse>request(address, new ServiceRequest("test", Map.of(), Map.of(), body, null, null))
                .map(reply -> (JsonObject) reply.body().body())
                .await(10, TimeUnit.SECONDS);
    }
}
