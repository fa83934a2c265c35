package org.millrace.uploads.service;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.millrace.core.config.MillraceConfig;
import org.millrace.core.db.EmbeddedDatabase;
import org.millrace.core.storage.Storage;
import org.millrace.core.storage.StorageFactory;
import org.millrace.core.storage.upload.UploadObjects;
import org.millrace.core.testing.S3ProxyServer;
import org.millrace.gateway.testing.ServiceStack;

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
    private final Map<String, String> env;
    private final Duration expiryEvery;
    private ServiceStack stack;
    private UploadObjects objects;
    int port;

    private TusHarness(Path dir, boolean onS3, Map<String, String> extraEnv, Duration expiryEvery) throws Exception {
        this(dir, onS3 ? S3ProxyServer.start() : null, extraEnv, expiryEvery);
    }

    /** @param s3 the S3 server to store on (closed with the harness), or null for the local store; an env's
     *            MILLRACE_S3_* point elsewhere instead (an S3 in another process) */
    private TusHarness(Path dir, S3ProxyServer s3, Map<String, String> extraEnv, Duration expiryEvery)
            throws Exception {
        this.dir = dir;
        this.expiryEvery = expiryEvery;
        this.s3 = s3;
        env = new HashMap<>();
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
        db = ServiceStack.startDatabase(dir, "uploads");
        start();
        config = stack.config;
        storage = StorageFactory.create(config);
        startServices();
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
        stack = ServiceStack.in(dir).env(env).database(db).start();
    }

    private void startServices() throws Exception {
        objects = UploadObjects.of(config, storage, dir.resolve("upload-parts"));
        stack.deploy(new UploadsVerticle(db.settings(4), objects, config.uploads(), expiryEvery));
        port = stack.startGateway(storage, List.of());
    }

    /** Stops the gateway and the uploads service (the database and storage stay), then starts them again. */
    void restart() throws Exception {
        stopServices();
        start();
        startServices();
    }

    private void stopServices() throws Exception {
        stack.close();
        objects.close();
    }

    String token(String userId) {
        return stack.token(userId, "name-" + userId);
    }

    TusClient client(String userId) {
        return new TusClient(port, token(userId));
    }

    void execute(String statement, Object... params) throws Exception {
        stack.execute(statement, params);
    }

    long count(String statement, Object... params) throws Exception {
        return stack.count(statement, params);
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
