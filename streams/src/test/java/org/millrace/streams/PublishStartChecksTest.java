package org.millrace.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.millrace.core.bus.Addresses;
import org.millrace.core.bus.ServiceException;
import org.millrace.core.bus.ServiceRequest;
import org.millrace.core.bus.ServiceResponse;

/**
 * What {@code publish-started} checks again under its locks, for what happens between a publisher's authorization
 * and its start: the key rotated or the stream disabled (the start is refused), and several streams of one account
 * starting at once (no more than the cap go live: counted under a lock, not checked then counted).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PublishStartChecksTest {
    private static final int CAP = 2;
    private StreamsHarness harness;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        harness = StreamsHarness.start(
                dir, Duration.ofSeconds(10), Map.of("MILLRACE_MAX_PUBLISHERS_PER_ACCOUNT", String.valueOf(CAP)));
    }

    @AfterAll
    void stop() throws Exception {
        if (harness != null) {
            harness.close();
        }
    }

    private JsonObject authorize(String key) throws Exception {
        JsonObject answer = harness.bus(Addresses.STREAMS_AUTHORIZE_PUBLISH, new JsonObject().put("streamKey", key));
        assertThat(answer.getBoolean("allowed")).as(answer.encode()).isTrue();
        return answer;
    }

    private static JsonObject start(JsonObject authorized) {
        return new JsonObject()
                .put("streamId", authorized.getString("streamId"))
                .put("grant", authorized.getString("grant"));
    }

    @Test
    void aKeyRotatedAfterItsAuthorizationCannotGoLive() throws Exception {
        String owner = harness.token("u-kim", "kim");
        JsonObject stream = harness.create(owner, new JsonObject().put("title", "Rotated in between"));
        JsonObject authorized = authorize(stream.getString("streamKey"));
        assertThat(harness.call(
                                HttpMethod.POST,
                                "/api/streams/" + stream.getString("id") + "/key",
                                owner,
                                new JsonObject())
                        .statusCode())
                .isEqualTo(200);

        ServiceException refused = harness.busFailure(Addresses.STREAMS_PUBLISH_STARTED, start(authorized));
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.code()).isEqualTo("key_revoked");
        assertThat(harness.call(HttpMethod.GET, "/api/streams/" + stream.getString("id"), null, null)
                        .bodyAsJsonObject()
                        .getString("status"))
                .isEqualTo("offline");
        assertThat(harness.busFailure(
                                Addresses.STREAMS_PUBLISH_STARTED,
                                new JsonObject()
                                        .put("streamId", stream.getString("id"))
                                        .put("grant", "not a grant"))
                        .code())
                .isEqualTo("invalid_grant");
    }

    @Test
    void aStreamDisabledAfterItsAuthorizationCannotGoLive() throws Exception {
        String owner = harness.token("u-lou", "lou");
        JsonObject stream = harness.create(owner, new JsonObject().put("title", "Disabled in between"));
        JsonObject authorized = authorize(stream.getString("streamKey"));
        assertThat(harness.call(
                                HttpMethod.PATCH,
                                "/api/streams/" + stream.getString("id"),
                                harness.token("u-root", "root", "user", "admin"),
                                new JsonObject().put("disabled", true))
                        .statusCode())
                .isEqualTo(200);

        ServiceException refused = harness.busFailure(Addresses.STREAMS_PUBLISH_STARTED, start(authorized));
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.code()).isEqualTo("disabled");
    }

    @Test
    void streamsOfOneAccountStartingAtOnceStayWithinTheCap() throws Exception {
        String owner = harness.token("u-many", "many");
        List<JsonObject> authorized = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            JsonObject stream = harness.create(owner, new JsonObject().put("title", "feed " + i));
            authorized.add(authorize(stream.getString("streamKey"))); // each alone is within the cap
        }
        List<Future<ServiceResponse>> starts = new ArrayList<>();
        for (JsonObject each : authorized) {
            starts.add(harness.vertx
                    .eventBus()
                    .<ServiceResponse>request(
                            Addresses.STREAMS_PUBLISH_STARTED,
                            new ServiceRequest("race", Map.of(), Map.of(), start(each), null, null))
                    .map(m -> m.body()));
        }
        Future.join(starts).otherwiseEmpty().await(20, TimeUnit.SECONDS);
        long live = starts.stream().filter(Future::succeeded).count();
        assertThat(live).isEqualTo(CAP);
        for (Future<ServiceResponse> start : starts) {
            if (start.failed()) {
                ServiceException refused = ServiceException.fromReply(start.cause());
                assertThat(refused.status()).isEqualTo(409);
                assertThat(refused.code()).isEqualTo("publisher_limit");
            }
        }
    }

    @Test
    void publishersReachingOneIngestNodeAtOnceStayWithinItsCapacity() throws Exception {
        int capacity = 3;
        List<JsonObject> authorized = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            // Different accounts: only the node's capacity limits them.
            String owner = harness.token("u-node-" + i, "node" + i);
            JsonObject stream = harness.create(owner, new JsonObject().put("title", "node feed " + i));
            JsonObject answer = harness.bus(
                    Addresses.STREAMS_AUTHORIZE_PUBLISH,
                    new JsonObject()
                            .put("streamKey", stream.getString("streamKey"))
                            .put("ingestNode", "node-x")
                            .put("ingestCapacity", capacity));
            assertThat(answer.getBoolean("allowed")).as("each alone fits").isTrue();
            authorized.add(answer);
        }
        List<Future<ServiceResponse>> starts = new ArrayList<>();
        for (JsonObject each : authorized) {
            starts.add(harness.vertx
                    .eventBus()
                    .<ServiceResponse>request(
                            Addresses.STREAMS_PUBLISH_STARTED,
                            new ServiceRequest(
                                    "race",
                                    Map.of(),
                                    Map.of(),
                                    start(each).put("ingestNode", "node-x").put("ingestCapacity", capacity),
                                    null,
                                    null))
                    .map(m -> m.body()));
        }
        Future.join(starts).otherwiseEmpty().await(20, TimeUnit.SECONDS);
        assertThat(starts.stream().filter(Future::succeeded).count()).isEqualTo(capacity);
        for (Future<ServiceResponse> start : starts) {
            if (start.failed()) {
                ServiceException refused = ServiceException.fromReply(start.cause());
                assertThat(refused.status()).isEqualTo(409);
                assertThat(refused.code()).isEqualTo("ingest_full");
            }
        }
        // Another node has its own capacity; a malformed capacity is a bad request.
        String owner = harness.token("u-node-y", "nodey");
        JsonObject other = harness.create(owner, new JsonObject().put("title", "elsewhere"));
        assertThat(harness.bus(
                                Addresses.STREAMS_AUTHORIZE_PUBLISH,
                                new JsonObject()
                                        .put("streamKey", other.getString("streamKey"))
                                        .put("ingestNode", "node-y")
                                        .put("ingestCapacity", 1))
                        .getBoolean("allowed"))
                .isTrue();
        assertThat(harness.busFailure(
                                Addresses.STREAMS_AUTHORIZE_PUBLISH,
                                new JsonObject()
                                        .put("streamKey", other.getString("streamKey"))
                                        .put("ingestCapacity", "3"))
                        .code())
                .isEqualTo("invalid_ingest_capacity");
        assertThat(harness.busFailure(
                                Addresses.STREAMS_PUBLISH_STARTED,
                                new JsonObject()
                                        .put("streamId", other.getString("id"))
                                        .put("ingestNode", "node-y")
                                        .put("ingestCapacity", 0))
                        .code())
                .isEqualTo("invalid_ingest_capacity");
    }
}
