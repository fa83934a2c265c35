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
 * Two streams service instances behind one gateway, on one real PostgreSQL: the event bus spreads the requests
 * over both (round robin, as over the members of a cluster), so consecutive heartbeats and stats land on different
 * instances. Viewers count once and everywhere the same; the per-address cap holds over both; the last publish
 * refusal shows whichever instance answers the owner's stats.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SharedLiveStateTest {
    private StreamsHarness harness;
    private String owner;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        harness = StreamsHarness.start(dir, Duration.ofSeconds(30));
        harness.deployAnotherStreams();
        owner = harness.token("u-dana", "dana");
    }

    @AfterAll
    void stop() throws Exception {
        if (harness != null) {
            harness.close();
        }
    }

    private int heartbeat(String streamId, String viewerId) throws Exception {
        var reply = harness.call(
                HttpMethod.POST,
                "/api/streams/" + streamId + "/viewers/heartbeat",
                null,
                new JsonObject().put("viewerId", viewerId));
        assertThat(reply.statusCode()).as(reply.bodyAsString()).isEqualTo(200);
        return reply.bodyAsJsonObject().getInteger("viewers");
    }

    private JsonObject stats(String streamId) throws Exception {
        return harness.call(HttpMethod.GET, "/api/streams/" + streamId + "/stats", owner, null)
                .bodyAsJsonObject();
    }

    @Test
    void viewersCountOnceWhicheverInstanceTheirHeartbeatsReach() throws Exception {
        String id = harness.create(owner, new JsonObject().put("title", "Two instances"))
                .getString("id");
        harness.bus(
                Addresses.STREAMS_PUBLISH_STARTED,
                new JsonObject().put("streamId", id).put("publisher", "203.0.113.7:5000"));
        List<Integer> counts = new ArrayList<>();
        for (int round = 0; round < 2; round++) {
            for (int viewer = 0; viewer < 4; viewer++) {
                counts.add(heartbeat(id, "shared-viewer-000" + viewer));
            }
        }
        assertThat(counts)
                .as("new viewers add one each, returning ones nothing")
                .containsExactly(1, 2, 3, 4, 4, 4, 4, 4);
        for (int i = 0; i < 6; i++) {
            counts.add(heartbeat(id, "made-up-viewer-000" + i));
        }
        assertThat(counts.get(counts.size() - 1))
                .as("one address counts for at most 5 viewers, over both: " + counts)
                .isEqualTo(5);
        assertThat(List.of(stats(id).getInteger("viewers"), stats(id).getInteger("viewers")))
                .as("both instances' stats")
                .containsExactly(5, 5);
    }

    @Test
    void theLastRefusalShowsWhicheverInstanceAnswersTheStats() throws Exception {
        JsonObject created = harness.create(owner, new JsonObject().put("title", "Refused"));
        String id = created.getString("id");
        harness.call(
                HttpMethod.PATCH,
                "/api/streams/" + id,
                harness.token("u-admin", "admin", "user", "admin"),
                new JsonObject().put("disabled", true));
        JsonObject decision = harness.bus(
                Addresses.STREAMS_AUTHORIZE_PUBLISH, new JsonObject().put("streamKey", created.getString("streamKey")));
        assertThat(decision.getBoolean("allowed")).isFalse();
        for (int i = 0; i < 2; i++) {
            JsonObject refusal = stats(id).getJsonObject("lastRefusal");
            assertThat(refusal).as("stats answer " + i).isNotNull();
            assertThat(refusal.getString("reason")).isEqualTo("disabled");
        }
    }
}
