package org.millrace.server;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.millrace.auth.AuthSettings;
import org.millrace.auth.AuthVerticle;
import org.millrace.core.bus.Addresses;
import org.millrace.core.bus.LiveEvent;
import org.millrace.core.config.DatabaseSettings;
import org.millrace.core.config.MillraceConfig;
import org.millrace.core.db.Database;
import org.millrace.core.db.EmbeddedDatabase;
import org.millrace.core.db.Migrations;
import org.millrace.core.health.DatabaseHealthCheck;
import org.millrace.core.health.HealthCheck;
import org.millrace.core.health.StorageHealthCheck;
import org.millrace.core.metrics.MetricsRegistry;
import org.millrace.core.metrics.VertxFactory;
import org.millrace.core.security.AccessTokens;
import org.millrace.core.storage.Storage;
import org.millrace.core.storage.StorageFactory;
import org.millrace.gateway.GatewayVerticle;
import org.millrace.gateway.PublicApi;
import org.millrace.core.media.LiveInput;
import org.millrace.ingest.srt.IngestSettings;
import org.millrace.ingest.srt.SrtIngestVerticle;
import org.millrace.ingest.streams.StreamsSettings;
import org.millrace.ingest.streams.StreamsVerticle;
import org.millrace.recorder.RecorderSettings;
import org.millrace.recorder.RecorderVerticle;
import org.millrace.recorder.media.RecorderMediaSettings;
import org.millrace.recorder.media.SessionRecordingBuilder;
import org.millrace.recorder.vodimport.HttpVodImportClient;
import org.millrace.transcoder.TranscoderLiveInput;
import org.millrace.transcoder.TranscoderSettings;
import org.millrace.vod.VodVerticle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;

/**
 * Every part of Millrace in one JVM: the embedded PostgreSQL (unless a database URL is configured), storage, the
 * services and the gateway. {@link #close()} stops them in reverse order, the database last.
 */
public final class AllInOneServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AllInOneServer.class);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration ACCESS_TOKEN_LIFETIME = Duration.ofMinutes(15);
    /** Modules whose migrations run at start-up, in dependency order. */
    private static final List<String> SCHEMA_MODULES = List.of("core", "auth", "streams", "recorder", "vod");
    /** How long the video library may take to answer an import. */
    private static final Duration IMPORT_TIMEOUT = Duration.ofSeconds(60);
    /** The recorder waits for the transcoder's spool a little longer than a segment may wait in it. */
    private static final Duration UPLOAD_WAIT_MARGIN = Duration.ofSeconds(30);

    private final List<AutoCloseable> resources = new ArrayList<>();
    private EmbeddedDatabase embeddedDatabase;
    private GatewayVerticle gateway;
    private SrtIngestVerticle ingest;
    private DatabaseSettings database;
    private boolean closed;

    private AllInOneServer() {
    }

    public static AllInOneServer start(MillraceConfig config) {
        AllInOneServer server = new AllInOneServer();
        try {
            server.startAll(config);
            return server;
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    private void startAll(MillraceConfig config) {
        LOG.info("starting Millrace with {}", config);
        DatabaseSettings db = config.database().orElseGet(() -> {
            embeddedDatabase = EmbeddedDatabase.start(config.embeddedDatabaseDir());
            return embeddedDatabase.settings(8);
        });
        SCHEMA_MODULES.forEach(module -> Migrations.apply(db, module));
        database = db;

        Storage storage = StorageFactory.create(config);
        resources.add(storage);
        LOG.info("storage: {}", storage.describe());

        MetricsRegistry metrics = new MetricsRegistry();
        resources.add(metrics);
        Vertx vertx = VertxFactory.create(metrics.registry());
        resources.add(() -> vertx.close().await(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));

        Pool pool = Database.pool(vertx, db);
        List<HealthCheck> health = List.of(
                new DatabaseHealthCheck(pool, Duration.ofSeconds(2)),
                new StorageHealthCheck(vertx, storage, Duration.ofSeconds(2)));
        AccessTokens accessTokens = new AccessTokens(vertx, config.jwtSecret(), ACCESS_TOKEN_LIFETIME);
        await(vertx.deployVerticle(new AuthVerticle(pool, accessTokens, AuthSettings.from(config.loginLimits()))));
        await(vertx.deployVerticle(new StreamsVerticle(config, db, StreamsSettings.from(config))));
        await(vertx.deployVerticle(new VodVerticle(config, db, storage)));
        // Each publisher's bytes go to a transcoder pipeline writing HLS into the same storage the gateway serves.
        LiveInput transcoder = new TranscoderLiveInput(TranscoderSettings.defaults()
                .withWorkDir(config.dataDir().resolve("transcoder")).withSpool(config.uploadSpool()), storage,
                metrics.registry(),
                (session, renditions) -> vertx.eventBus().publish(Addresses.EVENTS_LIVE,
                        LiveEvent.renditions(session.streamId(), session.sessionId(), renditions)));
        ingest = new SrtIngestVerticle(IngestSettings.from(config), transcoder, metrics.registry());
        String ingestDeployment = await(vertx.deployVerticle(ingest));
        // Stopped before Vert.x, while the streams service can still record each publisher's departure.
        resources.add(() -> vertx.undeploy(ingestDeployment).await(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
        gateway = new GatewayVerticle(config, PublicApi.routes(), health, metrics, "webroot", storage);
        await(vertx.deployVerticle(gateway));

        // After the gateway: the recorder imports through its HTTP port unless another import URL is configured.
        SessionRecordingBuilder recordingBuilder = new SessionRecordingBuilder(storage,
                config.dataDir().resolve("recorder"), RecorderMediaSettings.defaults());
        recordingBuilder.removeLeftovers();
        URI importBase = config.vodImportUrl().orElse(URI.create("http://127.0.0.1:" + gateway.actualPort()));
        HttpVodImportClient importer = new HttpVodImportClient(vertx, importBase, config.internalApiKey(),
                IMPORT_TIMEOUT);
        await(vertx.deployVerticle(new RecorderVerticle(db, recordingBuilder, importer,
                RecorderSettings.defaults().withUploadWait(config.uploadSpool().maxAge().plus(UPLOAD_WAIT_MARGIN)))));
    }

    private static <T> T await(io.vertx.core.Future<T> future) {
        try {
            return future.await(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("start-up step failed: " + e.getMessage(), e);
        }
    }

    /** Where the database is (the embedded one's port is chosen at start). */
    public DatabaseSettings database() {
        return database;
    }

    /** The SRT ingest's UDP port (the real one when configured with 0). */
    public int srtPort() {
        return ingest.localAddress().getPort();
    }

    public int httpPort() {
        return gateway.actualPort();
    }

    /** Stops everything, newest first, then the embedded database; safe to call twice. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (int i = resources.size() - 1; i >= 0; i--) {
            try {
                resources.get(i).close();
            } catch (Exception e) {
                LOG.warn("while stopping: {}", e.toString());
            }
        }
        if (embeddedDatabase != null) {
            embeddedDatabase.close();
        }
        LOG.info("Millrace stopped");
    }
}
