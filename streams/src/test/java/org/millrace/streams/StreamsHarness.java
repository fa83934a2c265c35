package org.millrace.streams;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.sqlclient.Pool;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.millrace.core.bus.ServiceException;
import org.millrace.core.bus.ServiceRequest;
import org.millrace.core.bus.ServiceResponse;
import org.millrace.core.config.ConfigLoader;
import org.millrace.core.config.MillraceConfig;
import org.millrace.core.db.Database;
import org.millrace.core.db.EmbeddedDatabase;
import org.millrace.core.db.Migrations;
import org.millrace.core.health.DatabaseHealthCheck;
import org.millrace.core.metrics.MetricsRegistry;
import org.millrace.core.metrics.VertxFactory;
import org.millrace.core.security.AccessTokens;
import org.millrace.core.security.Principal;
import org.millrace.core.testing.ApiCalls;
import org.millrace.gateway.GatewayVerticle;
import org.millrace.gateway.PublicApi;

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
    private final EmbeddedDatabase db;
    private final MetricsRegistry metrics;
    private final AccessTokens tokens;
    private final StreamsSettings settings;
    private String streamsDeployment;
    /** Whether closing this harness stops the database (false for an instance that joined another's). */
    private boolean ownsDatabase = true;

    private StreamsHarness(
            MillraceConfig config,
            EmbeddedDatabase db,
            MetricsRegistry metrics,
            Vertx vertx,
            WebClient client,
            AccessTokens tokens,
            StreamsSettings settings,
            String streamsDeployment) {
        this.config = config;
        this.db = db;
        this.metrics = metrics;
        this.vertx = vertx;
        this.client = client;
        this.tokens = tokens;
        this.settings = settings;
        this.streamsDeployment = streamsDeployment;
    }

    /** Stops the streams service (its timers die with it) and starts a fresh one on the same database. */
    void restartStreams() throws Exception {
        vertx.undeploy(streamsDeployment).await(10, TimeUnit.SECONDS);
        streamsDeployment = vertx.deployVerticle(new StreamsVerticle(config, db.settings(4), settings))
                .await(30, TimeUnit.SECONDS);
    }

    /**
     * A second streams service instance (its own verticle, pool, viewer counts and timers) on this Vert.x: the
     * event bus then spreads requests over both, round robin, as a clustered bus spreads them over the members.
     */
    String deployAnotherStreams() throws Exception {
        return vertx.deployVerticle(new StreamsVerticle(config, db.settings(4), settings))
                .await(30, TimeUnit.SECONDS);
    }

    /** A second gateway on this Vert.x (the same bus and storage), as a second gateway process; answers its port. */
    int deployAnotherGateway() throws Exception {
        GatewayVerticle gateway = new GatewayVerticle(
                config,
                PublicApi.routes(),
                List.of(),
                metrics,
                "webroot",
                new org.millrace.core.storage.LocalStorage(config.dataDir().resolve("storage")));
        vertx.deployVerticle(gateway).await(30, TimeUnit.SECONDS);
        return gateway.actualPort();
    }

    /** Stops this instance's streams service, as if its process died: its timers are gone, its bus consumers too. */
    void stopStreams() throws Exception {
        vertx.undeploy(streamsDeployment).await(10, TimeUnit.SECONDS);
    }

    /**
     * Another streams service instance on this one's database, with its own Vert.x, pool and gateway, as a second
     * process of a cluster would be (its event bus is its own: what it publishes, only it hears).
     */
    StreamsHarness another() throws Exception {
        // The same data directory: the same generated secrets (tokens and stream keys work on both).
        StreamsHarness other = start(config.dataDir(), db, settings.reconnectGrace(), Map.of());
        other.ownsDatabase = false;
        return other;
    }

    static StreamsHarness start(Path dir, Duration reconnectGrace) throws Exception {
        return start(dir, reconnectGrace, Map.of());
    }

    /** With more configuration ({@code MILLRACE_*} variables) on top of the harness's own. */
    static StreamsHarness start(Path dir, Duration reconnectGrace, Map<String, String> env) throws Exception {
        EmbeddedDatabase db = EmbeddedDatabase.start(dir.resolve("postgres"));
        Migrations.apply(db.settings(2), "streams");
        return start(dir, db, reconnectGrace, env);
    }

    /** A streams instance (streams verticle and gateway) on a clustered Vert.x of {@code cluster}. */
    static StreamsHarness startClustered(Path dir, Duration reconnectGrace, ClusteredVertxInstances cluster)
            throws Exception {
        EmbeddedDatabase db = EmbeddedDatabase.start(dir.resolve("postgres"));
        Migrations.apply(db.settings(2), "streams");
        return start(dir, db, reconnectGrace, Map.of(), cluster.join());
    }

    /** Another instance on this one's database and data directory, a new member of {@code cluster}. */
    StreamsHarness anotherMember(ClusteredVertxInstances cluster) throws Exception {
        StreamsHarness other = start(config.dataDir(), db, settings.reconnectGrace(), Map.of(), cluster.join());
        other.ownsDatabase = false;
        return other;
    }

    private static StreamsHarness start(Path dir, EmbeddedDatabase db, Duration reconnectGrace, Map<String, String> env)
            throws Exception {
        return start(dir, db, reconnectGrace, env, null);
    }

    /** {@code clustered} null: a local Vert.x with metrics, as the one-process server has. */
    private static StreamsHarness start(
            Path dir, EmbeddedDatabase db, Duration reconnectGrace, Map<String, String> env, Vertx clustered)
            throws Exception {
        Map<String, String> variables = new java.util.HashMap<>(Map.of(
                "MILLRACE_DATA_DIR",
                dir.toString(),
                "MILLRACE_HTTP_PORT",
                "0",
                "MILLRACE_HTTP_HOST",
                "127.0.0.1",
                "MILLRACE_PUBLIC_URL",
                "https://" + PUBLIC_HOST,
                "MILLRACE_SRT_PORT",
                String.valueOf(SRT_PORT)));
        variables.putAll(env);
        MillraceConfig config = new ConfigLoader(variables).load();
        MetricsRegistry metrics = new MetricsRegistry();
        Vertx vertx = clustered != null ? clustered : VertxFactory.create(metrics.registry());
        StreamsSettings settings = StreamsSettings.from(config).withReconnectGrace(reconnectGrace);
        String deployment = vertx.deployVerticle(new StreamsVerticle(config, db.settings(4), settings))
                .await(30, TimeUnit.SECONDS);
        Pool healthPool = Database.pool(vertx, db.settings(1));
        GatewayVerticle gateway = new GatewayVerticle(
                config,
                PublicApi.routes(),
                List.of(new DatabaseHealthCheck(healthPool, Duration.ofSeconds(2))),
                metrics,
                "webroot",
                new org.millrace.core.storage.LocalStorage(dir.resolve("storage")));
        vertx.deployVerticle(gateway).await(30, TimeUnit.SECONDS);
        WebClient client = WebClient.create(
                vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(gateway.actualPort()));
        return new StreamsHarness(
                config,
                db,
                metrics,
                vertx,
                client,
                new AccessTokens(vertx, config.jwtSecret(), Duration.ofMinutes(5)),
                settings,
                deployment);
    }

    /** The ingest node the database says holds the stream's session (null: none), read straight from the row. */
    String ingestNode(String streamId) throws Exception {
        Pool pool = Database.pool(vertx, db.settings(1));
        try {
            return pool.preparedQuery("SELECT ingest_node FROM streams WHERE id = $1")
                    .execute(io.vertx.sqlclient.Tuple.of(streamId))
                    .map(rows -> rows.iterator().next().getString("ingest_node"))
                    .await(10, TimeUnit.SECONDS);
        } finally {
            pool.close().await(10, TimeUnit.SECONDS);
        }
    }

    String token(String userId, String username, String... roles) {
        return tokens.issue(new Principal(userId, username, roles.length == 0 ? List.of("user") : List.of(roles)));
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
        return vertx.eventBus()
                .<ServiceResponse>request(address, new ServiceRequest("test", Map.of(), Map.of(), body, null, null))
                .map(reply -> (JsonObject) reply.body().body())
                .recover(failure -> io.vertx.core.Future.failedFuture(ServiceException.fromReply(failure)))
                .await(10, TimeUnit.SECONDS);
    }

    /** The failure of an internal bus operation that is expected to fail. */
    ServiceException busFailure(String address, JsonObject body) throws Exception {
        return vertx.eventBus()
                .<ServiceResponse>request(address, new ServiceRequest("test", Map.of(), Map.of(), body, null, null))
                .<ServiceException>map(reply -> {
                    throw new AssertionError(
                            address + " succeeded: " + reply.body().body());
                })
                .recover(failure -> failure instanceof AssertionError
                        ? io.vertx.core.Future.failedFuture(failure)
                        : io.vertx.core.Future.succeededFuture(ServiceException.fromReply(failure)))
                .await(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws Exception {
        vertx.close().await(10, TimeUnit.SECONDS);
        if (ownsDatabase) {
            db.close();
        }
        metrics.close();
    }
}
