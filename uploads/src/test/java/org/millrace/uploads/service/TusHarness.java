package org.millrace.uploads.service;

import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.millrace.core.config.ConfigLoader;
import org.millrace.core.config.MillraceConfig;
import org.millrace.core.db.Database;
import org.millrace.core.db.EmbeddedDatabase;
import org.millrace.core.db.Migrations;
import org.millrace.core.metrics.MetricsRegistry;
import org.millrace.core.metrics.VertxFactory;
import org.millrace.core.security.AccessTokens;
import org.millrace.core.security.Principal;
import org.millrace.core.storage.Storage;
import org.millrace.core.storage.StorageFactory;
import org.millrace.core.storage.upload.UploadObjects;
import org.millrace.core.testing.S3ProxyServer;
import org.millrace.gateway.GatewayVerticle;
import org.millrace.gateway.PublicApi;

/**
 * The upload path as it runs: embedded PostgreSQL with the uploads migrations, the storage the configuration names
 * (the local store, or S3 through S3Proxy), the uploads service and the real gateway on a free port. {@link #restart()}
 * stops both (as a server restart would) and starts them again on the same database and storage.
 */
final class TusHarness implements AutoCloseable {
    final Path dir;
    final EmbeddedDatabase db;
    final MillraceConfig config;
    final Storage storage;
    final S3ProxyServer s3;
    private final Duration expiryEvery;
    MetricsRegistry metrics;
    Vertx vertx;
    Pool sql;
    int port;
    private AccessTokens tokens;
    private UploadObjects objects;

    private TusHarness(Path dir, boolean onS3, Map<String, String> extraEnv, Duration expiryEvery) throws Exception {
        this(dir, onS3 ? S3ProxyServer.start() : null, extraEnv, expiryEvery);
    }

    /** @param s3 the S3 server to store on (closed with the harness), or null for the local store; an env's
     *            MILLRACE_S3_* point elsewhere instead (an S3 in another process) */
    private TusHarness(Path dir, S3ProxyServer s3, Map<String, String> extraEnv, Duration expiryEvery)
            throws Exception {
        this.dir = dir;
        this.expiryEvery = expiryEvery;
        db = EmbeddedDatabase.start(dir.resolve("postgres"));
        Migrations.apply(db.settings(2), "uploads");
        Map<String, String> env = new HashMap<>(Map.of(
                "MILLRACE_DATA_DIR", dir.toString(), "MILLRACE_HTTP_PORT", "0", "MILLRACE_HTTP_HOST", "127.0.0.1"));
        this.s3 = s3;
        if (s3 != null) {
            env.putAll(Map.of(
                    "MILLRACE_S3_ENDPOINT",
                    s3.endpoint().toString(),
                    "MILLRACE_S3_ACCESS_KEY",
                    s3.accessKey(),
                    "MILLRACE_S3_SECRET_KEY",
                    s3.secretKey(),
                    "MILLRACE_S3_BUCKET",
                    "uploads-test"));
        }
        env.putAll(extraEnv);
        config = new ConfigLoader(env).load();
        storage = StorageFactory.create(config);
        start();
    }

    static TusHarness local(Path dir, Map<String, String> env) throws Exception {
        return new TusHarness(dir, false, env, Duration.ofMillis(200));
    }

    static TusHarness onS3(Path dir, Map<String, String> env) throws Exception {
        return new TusHarness(dir, true, env, Duration.ofMillis(200));
    }

    /** On the S3 that {@code env}'s MILLRACE_S3_* name (another process's), not one of the harness's own. */
    static TusHarness onExternalS3(Path dir, Map<String, String> env) throws Exception {
        return new TusHarness(dir, null, env, Duration.ofMillis(200));
    }

    private void start() throws Exception {
        metrics = new MetricsRegistry();
        vertx = VertxFactory.create(metrics.registry());
        objects = UploadObjects.of(config, storage, dir.resolve("upload-parts"));
        vertx.deployVerticle(new UploadsVerticle(db.settings(4), objects, config.uploads(), expiryEvery))
                .await(30, TimeUnit.SECONDS);
        GatewayVerticle gateway =
                new GatewayVerticle(config, PublicApi.routes(), List.of(), metrics, "webroot", storage);
        vertx.deployVerticle(gateway).await(30, TimeUnit.SECONDS);
        port = gateway.actualPort();
        sql = Database.pool(vertx, db.settings(2));
        tokens = new AccessTokens(vertx, config.jwtSecret(), Duration.ofMinutes(30));
    }

    /** Stops the gateway and the uploads service (the database and storage stay), then starts them again. */
    void restart() throws Exception {
        stopServices();
        start();
    }

    private void stopServices() throws Exception {
        vertx.close().await(30, TimeUnit.SECONDS);
        objects.close();
        metrics.close();
    }

    String token(String userId) {
        return tokens.issue(new Principal(userId, "name-" + userId, List.of(Principal.ROLE_USER)));
    }

    TusClient client(String userId) {
        return new TusClient(port, token(userId));
    }

    void execute(String statement, Object... params) throws Exception {
        sql.preparedQuery(statement).execute(Tuple.from(params)).await(30, TimeUnit.SECONDS);
    }

    long count(String statement, Object... params) throws Exception {
        return sql.preparedQuery(statement)
                .execute(Tuple.from(params))
                .await(30, TimeUnit.SECONDS)
                .iterator()
                .next()
                .getLong(0);
    }

    @Override
    public void close() throws Exception {
        stopServices();
        storage.close();
        if (s3 != null) {
            s3.close();
        }
        db.close();
    }
}
