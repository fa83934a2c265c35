package org.millrace.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.millrace.core.bus.Addresses;

/**
 * Two streams service instances, each with its own gateway and Vert.x, members of one Hazelcast cluster (the real
 * clustered event bus, messages encoded on the wire), on one real PostgreSQL: one viewer's heartbeats sent through
 * both gateways count once, and both instances answer the same count.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClusteredLiveStateTest {
    /** Changes cross the cluster in milliseconds; a heartbeat every this long lets each arrive first. */
    private static final long SPACING_MILLIS = 100;

    private StreamsHarness first;
    private StreamsHarness second;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        ClusteredVertxInstances cluster = new ClusteredVertxInstances();
        first = StreamsHarness.startClustered(dir, Duration.ofSeconds(30), cluster);
        second = first.anotherMember(cluster);
    }

    @AfterAll
    void stop() throws Exception {
        if (second != null) {
            second.close();
        }
        if (first != null) {
            first.close();
        }
    }

    private int heartbeat(StreamsHarness through, String streamId, String viewerId) throws Exception {
        Thread.sleep(SPACING_MILLIS);
        var reply = through.call(
                HttpMethod.POST,
                "/api/streams/" + streamId + "/viewers/heartbeat",
                null,
                new JsonObject().put("viewerId", viewerId));
        assertThat(reply.statusCode()).as(reply.bodyAsString()).isEqualTo(200);
        return reply.bodyAsJsonObject().getInteger("viewers");
    }

    private int viewers(StreamsHarness through, String streamId) throws Exception {
        return through.call(HttpMethod.GET, "/api/streams/" + streamId, null, null)
                .bodyAsJsonObject()
                .getInteger("viewers");
    }

    @Test
    void oneViewerThroughBothGatewaysCountsOnce() throws Exception {
        String id = first.create(first.token("u-fay", "fay"), new JsonObject().put("title", "Clustered"))
                .getString("id");
        first.bus(
                Addresses.STREAMS_PUBLISH_STARTED,
                new JsonObject().put("streamId", id).put("publisher", "203.0.113.7:5000"));
        List<Integer> counts = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            for (int viewer = 0; viewer < 3; viewer++) {
                // Each viewer's heartbeats alternate between the two gateways (and reach either instance).
                StreamsHarness through = (round + viewer) % 2 == 0 ? first : second;
                counts.add(heartbeat(through, id, "clustered-viewer-" + viewer + "0000"));
            }
        }
        assertThat(counts).containsExactly(1, 2, 3, 3, 3, 3, 3, 3, 3);
        Thread.sleep(SPACING_MILLIS);
        for (int i = 0; i < 2; i++) {
            assertThat(List.of(viewers(first, id), viewers(second, id)))
                    .as("asked through both gateways")
                    .containsExactly(3, 3);
        }
    }
}
