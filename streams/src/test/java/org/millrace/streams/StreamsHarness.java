package org.millrace.streams;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.millrace.core.bus.ServiceException;
import org.millrace.core.config.MillraceConfig;
import org.millrace.core.storage.LocalStorage;
import org.millrace.core.testing.ApiCalls;
import org.millrace.gateway.testing.ServiceStack;

/**
 * The streams service behind the real gateway: embedded PostgreSQL with the streams migrations, the
 * StreamsVerticle and the GatewayVerticle with the public API table on an ephemeral port.
 */
final class StreamsHarness implements AutoCloseable {
    static final String PUBLIC_HOST = "live.example.com";
    static final int SRT_PORT = 9001;

    final MillraceConfig config;
    final Vertx vertx;
    final WebClient client;
    private final ServiceStack stack;
    private final StreamsSettings settings;
    private String streamsDeployment;

    private StreamsHarness(ServiceStack stack, Duration reconnectGrace) throws Exception {
        this.stack = stack;
        config = stack.config;
        vertx = stack.vertx;
        settings = StreamsSettings.from(config).withReconnectGrace(reconnectGrace);
        streamsDeployment = deployAnotherStreams();
        stack.startGateway();
        client = stack.client();
    }

    /** Stops the streams service (its timers die with it) and starts a fresh one on the same database. */
    void restartStreams() throws Exception {
        stopStreams();
        streamsDeployment = deployAnotherStreams();
    }

    /**
     * A second streams service instance (its own verticle, pool, viewer counts and timers) on this Vert.x: the
     * event bus then spreads requests over both, round robin, as a clustered bus spreads them over the members.
     */
    String deployAnotherStreams() throws Exception {
        return stack.deploy(new StreamsVerticle(config, stack.db.settings(4), settings));
    }

    /** A second gateway on this Vert.x (the same bus and storage), as a second gateway process; answers its port. */
    int deployAnotherGateway() throws Exception {
        return stack.startGateway(new LocalStorage(config.dataDir().resolve("storage")), List.of());
    }

    /** Stops this instance's streams service, as if its process died: its timers are gone, its bus consumers too. */
    void stopStreams() throws Exception {
        stack.undeploy(streamsDeployment);
    }

    /**
     * Another streams service instance on this one's database, with its own Vert.x, pool and gateway, as a second
     * process of a cluster would be (its event bus is its own: what it publishes, only it hears).
     */
    StreamsHarness another() throws Exception {
        // The same data directory: the same generated secrets (tokens and stream keys work on both).
        return new StreamsHarness(stack(config.dataDir()).database(stack.db).start(), settings.reconnectGrace());
    }

    static StreamsHarness start(Path dir, Duration reconnectGrace) throws Exception {
        return start(dir, reconnectGrace, Map.of());
    }

    /** With more configuration ({@code MILLRACE_*} variables) on top of the harness's own. */
    static StreamsHarness start(Path dir, Duration reconnectGrace, Map<String, String> env) throws Exception {
        return new StreamsHarness(stack(dir).migrations("streams").env(env).start(), reconnectGrace);
    }

    /** A streams instance (streams verticle and gateway) on a clustered Vert.x of {@code cluster}. */
    static StreamsHarness startClustered(Path dir, Duration reconnectGrace, ClusteredVertxInstances cluster)
            throws Exception {
        return new StreamsHarness(
                stack(dir)
                        .migrations("streams")
                        .vertx(registry -> cluster.join())
                        .start(),
                reconnectGrace);
    }

    /** Another instance on this one's database and data directory, a new member of {@code cluster}. */
    StreamsHarness anotherMember(ClusteredVertxInstances cluster) throws Exception {
        return new StreamsHarness(
                stack(config.dataDir())
                        .database(stack.db)
                        .vertx(registry -> cluster.join())
                        .start(),
                settings.reconnectGrace());
    }

    /** The stack as the streams tests need it: a public URL and an advertised SRT port for the srtUrl answers. */
    private static ServiceStack.Builder stack(Path dir) {
        return ServiceStack.in(dir)
                .env(Map.of(
                        "MILLRACE_PUBLIC_URL",
                        "https://" + PUBLIC_HOST,
                        "MILLRACE_SRT_PORT",
                        String.valueOf(SRT_PORT)));
    }

    /** The ingest node the database says holds the stream's session (null: none), read straight from the row. */
    String ingestNode(String streamId) throws Exception {
        return stack.text("SELECT ingest_node FROM streams WHERE id = $1", streamId);
    }

    String token(String userId, String username, String... roles) {
        return stack.token(userId, username, roles);
    }

    HttpResponse<Buffer> call(HttpMethod method, String path, String token, JsonObject body) throws Exception {
        return ApiCalls.call(client, method, path, token, body);
    }

    /** Creates a stream as the given user and answers the 201 body. */
    JsonObject create(String token, JsonObject body) throws Exception {
        return ApiCalls.createStream(client, token, body);
    }

    /** An internal bus operation as the SRT ingest will call it; a failed reply becomes a ServiceException. */
    JsonObject bus(String address, JsonObject body) throws Exception {
        return stack.bus(address, body);
    }

    /** The failure of an internal bus operation that is expected to fail. */
    ServiceException busFailure(String address, JsonObject body) throws Exception {
        return stack.busFailure(address, body);
    }

    @Override
    public void close() throws Exception {
        stack.close();
    }
}
