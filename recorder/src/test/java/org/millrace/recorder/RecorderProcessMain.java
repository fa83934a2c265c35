package org.millrace.recorder;

import io.vertx.core.Vertx;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.millrace.core.cluster.LocalMembership;
import org.millrace.core.config.ConfigLoader;
import org.millrace.core.config.DatabaseSettings;
import org.millrace.core.config.MillraceConfig;
import org.millrace.core.metrics.MetricsRegistry;
import org.millrace.core.metrics.VertxFactory;
import org.millrace.core.storage.LocalStorage;
import org.millrace.core.vodimport.HttpVodImportClient;
import org.millrace.recorder.media.SessionRecordingBuilder;
import org.millrace.streams.StreamsSettings;
import org.millrace.streams.StreamsVerticle;
import org.millrace.transcoder.vod.VodImageSettings;

/**
 * A recorder process for tests that kill one: the streams service (for session lookups) and a recorder with the
 * real builder over the given database, storage (reads slowed by {@code readDelayMs}) and import endpoint. Arguments
 * are {@code name=value}: dbPort, dataDir, storage, workDir, importUrl, apiKey, leaseMs, readDelayMs. Prints
 * {@code READY} once deployed; runs until killed.
 */
public final class RecorderProcessMain {
    private RecorderProcessMain() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> a = new HashMap<>();
        for (String arg : args) {
            String[] kv = arg.split("=", 2);
            a.put(kv[0], kv[1]);
        }
        DatabaseSettings db =
                new DatabaseSettings("127.0.0.1", Integer.parseInt(a.get("dbPort")), "postgres", "postgres", null, 4);
        MillraceConfig config = new ConfigLoader(Map.of(
                        "MILLRACE_DATA_DIR",
                        a.get("dataDir"),
                        "MILLRACE_HTTP_PORT",
                        "0",
                        "MILLRACE_HTTP_HOST",
                        "127.0.0.1"))
                .load();
        MetricsRegistry metrics = new MetricsRegistry();
        Vertx vertx = VertxFactory.create(metrics.registry());
        vertx.deployVerticle(new StreamsVerticle(config, db, StreamsSettings.defaults()))
                .await(60, TimeUnit.SECONDS);
        ThrottledStorage storage = new ThrottledStorage(
                new LocalStorage(Path.of(a.get("storage"))), Duration.ofMillis(Long.parseLong(a.get("readDelayMs"))));
        SessionRecordingBuilder builder =
                new SessionRecordingBuilder(storage, Path.of(a.get("workDir")), VodImageSettings.defaults());
        builder.removeLeftovers();
        HttpVodImportClient importer =
                new HttpVodImportClient(vertx, URI.create(a.get("importUrl")), a.get("apiKey"), Duration.ofSeconds(10));
        RecorderSettings settings =
                RecorderHarness.SETTINGS.withLease(Duration.ofMillis(Long.parseLong(a.get("leaseMs"))));
        vertx.deployVerticle(new RecorderVerticle(db, builder, importer, settings, new LocalMembership()))
                .await(60, TimeUnit.SECONDS);
        System.out.println("READY");
    }
}
