package org.millrace.recorder;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.sqlclient.Pool;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.millrace.core.bus.Addresses;
import org.millrace.core.cluster.ClusterMembership;
import org.millrace.core.cluster.LocalMembership;
import org.millrace.core.config.DatabaseSettings;
import org.millrace.core.config.MillraceConfig;
import org.millrace.core.storage.LocalStorage;
import org.millrace.core.testing.ApiCalls;
import org.millrace.core.vodimport.HttpVodImportClient;
import org.millrace.gateway.testing.ServiceStack;
import org.millrace.recorder.media.RecordingBuilder;
import org.millrace.streams.StreamsSettings;
import org.millrace.streams.StreamsVerticle;

/**
 * The recorder among real neighbours: embedded PostgreSQL with the streams and recorder migrations, the real
 * streams service (its live events and session lookups, a short reconnect grace), the real gateway with the
 * public API table, a real HTTP import endpoint, and local storage for the test builder.
 */
final class RecorderHarness implements AutoCloseable {
    static final Duration GRACE = Duration.ofMillis(300);
    /** Long: tests of the event path must not be rescued by the periodic sweep. */
    static final RecorderSettings SETTINGS = RecorderSettings.defaults()
            .withRetryDelays(List.of(Duration.ofMillis(200), Duration.ofMillis(200)))
            .withSweepInterval(Duration.ofHours(1));

    final MillraceConfig config;
    final Vertx vertx;
    final WebClient client;
    final LocalStorage storage;
    final TestRecordingBuilder builder;
    final VodImportServer imports;
    final Pool pool;
    private final ServiceStack stack;
    private HttpVodImportClient importer;
    private String recorderDeployment;

    private RecorderHarness(Path dir) throws Exception {
        stack = ServiceStack.in(dir).migrations("streams", "recorder").start();
        config = stack.config;
        vertx = stack.vertx;
        pool = stack.sql;
        storage = new LocalStorage(dir.resolve("storage"));
        builder = new TestRecordingBuilder(storage);
        stack.deploy(new StreamsVerticle(
                config, stack.db.settings(4), StreamsSettings.defaults().withReconnectGrace(GRACE)));
        stack.startGateway(storage, List.of());
        client = stack.client();
        imports = new VodImportServer(vertx, config.internalApiKey());
    }

    static RecorderHarness start(Path dir) throws Exception {
        return new RecorderHarness(dir);
    }

    /** Deploys the recorder with the right internal key and the test settings. */
    void deployRecorder() throws Exception {
        deployRecorder(config.internalApiKey(), SETTINGS);
    }

    void deployRecorder(String apiKey, RecorderSettings settings) throws Exception {
        deployRecorder(apiKey, settings, builder, new LocalMembership());
    }

    void deployRecorder(RecorderSettings settings, RecordingBuilder builder, ClusterMembership membership)
            throws Exception {
        deployRecorder(config.internalApiKey(), settings, builder, membership);
    }

    private void deployRecorder(
            String apiKey, RecorderSettings settings, RecordingBuilder builder, ClusterMembership membership)
            throws Exception {
        if (recorderDeployment != null) {
            throw new IllegalStateException("one recorder at a time");
        }
        importer = new HttpVodImportClient(
                vertx, URI.create("http://127.0.0.1:" + imports.port()), apiKey, Duration.ofSeconds(5));
        recorderDeployment =
                stack.deploy(new RecorderVerticle(stack.db.settings(4), builder, importer, settings, membership));
    }

    void undeployRecorder() throws Exception {
        if (recorderDeployment != null) {
            stack.undeploy(recorderDeployment);
            importer.close();
            recorderDeployment = null;
        }
    }

    /** Where the test database is, for recorders in other Vert.x instances or processes. */
    DatabaseSettings database(int poolSize) {
        return stack.db.settings(poolSize);
    }

    /** The recording row's claim: who holds it, and whether its lease still runs. */
    String claimedBy(String sessionId) throws Exception {
        return stack.text(
                "SELECT claimed_by FROM recordings WHERE session_id = $1 AND status = 'processing'"
                        + " AND lease_until > now()",
                sessionId);
    }

    String token(String userId, String username) {
        return stack.token(userId, username);
    }

    HttpResponse<Buffer> call(HttpMethod method, String path, String token, JsonObject body) throws Exception {
        return ApiCalls.call(client, method, path, token, body);
    }

    /** Creates a stream through the API and answers its id. */
    String createStream(String token, JsonObject body) throws Exception {
        return ApiCalls.createStream(client, token, body).getString("id");
    }

    /** A publisher connects, as the SRT ingest reports it: answers the session id. */
    String publish(String streamId) throws Exception {
        return bus(Addresses.STREAMS_PUBLISH_STARTED, new JsonObject().put("streamId", streamId))
                .getString("sessionId");
    }

    /** The publisher leaves; the session ends when the grace runs out. */
    void unpublish(String streamId) throws Exception {
        bus(Addresses.STREAMS_PUBLISH_STOPPED, new JsonObject().put("streamId", streamId));
    }

    /** Waits until the streams service has ended the session (the grace ran out). */
    void awaitSessionEnded(String streamId, String sessionId) throws Exception {
        await("session " + sessionId + " ended", () -> {
            JsonObject session = bus(
                    Addresses.STREAMS_SESSION,
                    new JsonObject().put("streamId", streamId).put("sessionId", sessionId));
            return session.getJsonObject("session").getValue("endedAt") != null;
        });
    }

    JsonObject bus(String address, JsonObject body) throws Exception {
        return stack.bus(address, body);
    }

    /** The owner's recording of a session through the API, or null when there is none (yet). */
    JsonObject recording(String token, String sessionId) throws Exception {
        JsonArray items = call(HttpMethod.GET, "/api/recordings?limit=100", token, null)
                .bodyAsJsonObject()
                .getJsonArray("items");
        return items.stream()
                .map(JsonObject.class::cast)
                .filter(r -> sessionId.equals(r.getString("sessionId")))
                .findFirst()
                .orElse(null);
    }

    /** Waits until the session's recording has the given status, and answers it. */
    JsonObject awaitRecording(String token, String sessionId, String status) throws Exception {
        JsonObject[] last = new JsonObject[1];
        await(
                "recording of " + sessionId + " " + status,
                () -> {
                    last[0] = recording(token, sessionId);
                    return last[0] != null && status.equals(last[0].getString("status"));
                },
                () -> "last seen: " + last[0]);
        return last[0];
    }

    /** How many recording rows the database holds for a session. */
    long rows(String sessionId) throws Exception {
        return stack.count("SELECT count(*) FROM recordings WHERE session_id = $1", sessionId);
    }

    /** A session's recording status straight from the database (the API is down with the recorder). */
    String status(String sessionId) throws Exception {
        return stack.text("SELECT status FROM recordings WHERE session_id = $1", sessionId);
    }

    int attempts(String sessionId) throws Exception {
        return (int) stack.count("SELECT attempts FROM recordings WHERE session_id = $1", sessionId);
    }

    void sql(String statement, Object... params) throws Exception {
        stack.execute(statement, params);
    }

    interface Check {
        boolean done() throws Exception;
    }

    static void await(String what, Check check) throws Exception {
        await(what, check, () -> "");
    }

    static void await(String what, Check check, java.util.function.Supplier<String> detail) throws Exception {
        await(what, Duration.ofSeconds(15), check, detail);
    }

    static void await(String what, Duration timeout, Check check, java.util.function.Supplier<String> detail)
            throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (check.done()) {
                return;
            }
            Thread.sleep(25);
        }
        throw new AssertionError("timed out waiting for " + what + " " + detail.get());
    }

    @Override
    public void close() throws Exception {
        stack.close();
    }
}
