package org.millrace.vod;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.sqlclient.Pool;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.millrace.core.bus.ServiceException;
import org.millrace.core.bus.ServiceRequest;
import org.millrace.core.bus.ServiceResponse;
import org.millrace.core.config.MillraceConfig;
import org.millrace.core.metrics.MetricsRegistry;
import org.millrace.core.security.Principal;
import org.millrace.core.storage.LocalStorage;
import org.millrace.gateway.testing.ServiceStack;

/**
 * The vod service as it runs: embedded PostgreSQL with the vod migrations, LocalStorage in a temporary folder, the
 * VodVerticle with a movable clock, called over the event bus the way the gateway calls it.
 */
final class VodHarness implements AutoCloseable {
    final Vertx vertx;
    final LocalStorage storage;
    final MovableClock clock = new MovableClock(Instant.parse("2026-11-21T12:00:00Z"));
    final MillraceConfig config;
    /** For seeding and checks that the API does not offer. */
    final Pool sql;

    final MetricsRegistry metrics;
    private final ServiceStack stack;

    private VodHarness(Path dir) throws Exception {
        stack = ServiceStack.in(dir).migrations("vod").start();
        config = stack.config;
        vertx = stack.vertx;
        metrics = stack.metrics;
        sql = stack.sql;
        storage = new LocalStorage(dir.resolve("storage"));
        stack.deploy(new VodVerticle(config, stack.db.settings(4), storage, clock));
    }

    static VodHarness start(Path dir) throws Exception {
        return new VodHarness(dir);
    }

    /** The real gateway with the public API table in front of the service; answers a client of it. */
    WebClient startGateway() throws Exception {
        stack.startGateway(storage, List.of());
        return stack.client();
    }

    String token(Principal caller) {
        return stack.token(caller);
    }

    static Principal user(String id) {
        return new Principal(id, "name-" + id, List.of(Principal.ROLE_USER));
    }

    static Principal admin(String id) {
        return new Principal(id, "name-" + id, List.of(Principal.ROLE_USER, Principal.ROLE_ADMIN));
    }

    /** A call as the gateway makes it. */
    static final class Call {
        private final String address;
        private final Map<String, String> path = new HashMap<>();
        private final Map<String, List<String>> query = new HashMap<>();
        private Object body;
        private Principal caller;
        private String clientIp = "203.0.113.7";

        Call(String address) {
            this.address = address;
        }

        Call id(String id) {
            path.put("id", id);
            return this;
        }

        Call query(String name, String value) {
            query.put(name, List.of(value));
            return this;
        }

        Call body(Object body) {
            this.body = body;
            return this;
        }

        Call as(Principal caller) {
            this.caller = caller;
            return this;
        }

        Call from(String clientIp) {
            this.clientIp = clientIp;
            return this;
        }
    }

    static Call call(String address) {
        return new Call(address);
    }

    ServiceResponse send(Call call) throws Exception {
        return stack.request(
                        new ServiceRequest("test", call.path, call.query, call.body, call.caller, call.clientIp),
                        call.address)
                .await(10, TimeUnit.SECONDS);
    }

    /** The JSON body of a call expected to succeed. */
    JsonObject json(Call call) throws Exception {
        return (JsonObject) send(call).body();
    }

    /** The failure of a call expected to fail. */
    ServiceException failure(Call call) throws Exception {
        try {
            ServiceResponse response = send(call);
            throw new AssertionError(call.address + " succeeded: " + response);
        } catch (ServiceException expected) {
            return expected;
        }
    }

    /** Runs SQL outside the service (seeding counters, checking rows). */
    void execute(String statement, Object... params) throws Exception {
        stack.execute(statement, params);
    }

    long count(String statement, Object... params) throws Exception {
        return stack.count(statement, params);
    }

    /** A valid import body, as the recorder sends it, for recording {@code recordingId}. */
    static JsonObject importBody(String recordingId, String ownerId, String title, String visibility) {
        String stream = "st-" + recordingId;
        String session = "se-" + recordingId;
        String prefix = "recordings/" + recordingId + "/";
        return new JsonObject()
                .put("recordingId", recordingId)
                .put("streamId", stream)
                .put("sessionId", session)
                .put("ownerId", ownerId)
                .put("ownerUsername", "name-" + ownerId)
                .put("title", title)
                .put("description", "")
                .put("visibility", visibility)
                .put("tags", new JsonArray())
                .put("recordedAt", "2026-11-20T10:00:00Z")
                .put("durationSeconds", 30.5)
                .put("width", 1280)
                .put("height", 720)
                .put("mp4Key", prefix + "video.mp4")
                .put("mp4Bytes", 123456)
                .put("posterKey", prefix + "poster.jpg")
                .put("thumbnailsPrefix", prefix + "thumbs/")
                .put(
                        "thumbnails",
                        new JsonArray()
                                .add(new JsonObject().put("time", 0.0).put("key", prefix + "thumbs/0.jpg"))
                                .add(new JsonObject().put("time", 10.0).put("key", prefix + "thumbs/1.jpg")))
                .put("hlsPrefix", "live/" + stream + "/" + session + "/")
                .put("hlsMaster", "vod.m3u8");
    }

    /** Imports and answers the new video's JSON. */
    JsonObject importVideo(JsonObject body) throws Exception {
        ServiceResponse response =
                send(call(org.millrace.core.bus.Addresses.VIDEOS_IMPORT).body(body));
        if (response.status() != 201) {
            throw new AssertionError("import answered " + response.status());
        }
        return (JsonObject) response.body();
    }

    @Override
    public void close() throws Exception {
        try {
            stack.close();
        } finally {
            storage.close();
        }
    }
}
