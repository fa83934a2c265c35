package org.millrace.uploads.jobs;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.sqlclient.Pool;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.millrace.core.config.DatabaseSettings;
import org.millrace.core.config.TranscodeJobSettings;
import org.millrace.core.db.Database;
import org.millrace.core.storage.Storage;
import org.millrace.core.vodimport.VodImportClient;
import org.millrace.transcoder.live.WorkDirectory;
import org.millrace.uploads.media.UploadTranscodeSettings;
import org.millrace.uploads.media.UploadTranscoder;

/**
 * The {@code transcode} role: its own database pool and the worker threads that take uploads from the queue. Each
 * job removes its own temp folder; at start, what a killed worker left is removed (folders untouched for longer
 * than {@link #STALE}: processes sharing one data directory keep each other's running jobs).
 */
public final class TranscodeVerticle extends VerticleBase {
    /** How long an idle worker waits before asking the queue again. */
    public static final Duration POLL = Duration.ofSeconds(2);
    /** A job folder with nothing written for this long belongs to no running job (a segment is written every 4 s). */
    static final Duration STALE = Duration.ofMinutes(10);

    private final DatabaseSettings database;
    private final Storage storage;
    private final VodImportClient importer;
    private final TranscodeJobSettings settings;
    private final UploadTranscodeSettings media;
    private final Path workDir;
    private final String nodeId;
    private final Duration poll;
    private Pool pool;
    private TranscodeWorker worker;

    public TranscodeVerticle(
            DatabaseSettings database,
            Storage storage,
            VodImportClient importer,
            TranscodeJobSettings settings,
            UploadTranscodeSettings media,
            Path workDir,
            String nodeId,
            Duration poll) {
        this.database = database;
        this.storage = storage;
        this.importer = importer;
        this.settings = settings;
        this.media = media;
        this.workDir = workDir;
        this.nodeId = nodeId;
        this.poll = poll;
    }

    @Override
    public Future<?> start() {
        pool = Database.pool(vertx, database);
        return vertx.executeBlocking(() -> {
            removeStale(workDir);
            JobQueue queue = new JobQueue(pool);
            var timers = TranscodeWorker.leaseTimers();
            JobRunner runner =
                    new JobRunner(queue, storage, new UploadTranscoder(media), importer, settings, timers, workDir);
            // Unique per process: a restarted worker never mistakes its predecessor's claims for its own.
            worker = new TranscodeWorker(queue, runner, settings, nodeId + "/" + UUID.randomUUID(), poll, timers);
            worker.start();
            return null;
        });
    }

    @Override
    public Future<?> stop() {
        return vertx.executeBlocking(() -> {
                    if (worker != null) {
                        worker.close();
                    }
                    return null;
                })
                .eventually(() -> pool == null ? Future.succeededFuture() : pool.close());
    }

    private static void removeStale(Path dir) throws java.io.IOException {
        if (!java.nio.file.Files.isDirectory(dir)) {
            return;
        }
        long cutoff = System.currentTimeMillis() - STALE.toMillis();
        try (var jobs = java.nio.file.Files.list(dir)) {
            for (Path job : jobs.toList()) {
                long newest;
                try (var files = java.nio.file.Files.walk(job)) {
                    newest = files.mapToLong(f -> f.toFile().lastModified())
                            .max()
                            .orElse(0);
                }
                if (newest < cutoff) {
                    WorkDirectory.delete(job);
                }
            }
        }
    }

    /** Jobs run to an outcome so far (for tests and metrics). */
    public int finished() {
        return worker == null ? 0 : worker.finished();
    }
}
