package org.millrace.uploads.jobs;

import io.vertx.core.Future;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.millrace.core.bus.VideoImportBody;
import org.millrace.core.config.TranscodeJobSettings;
import org.millrace.core.storage.Storage;
import org.millrace.core.storage.StorageNotFoundException;
import org.millrace.core.storage.StorageObject;
import org.millrace.core.vodimport.VodImportClient;
import org.millrace.core.vodimport.VodImportException;
import org.millrace.transcoder.live.WorkDirectory;
import org.millrace.uploads.media.UploadMedia;
import org.millrace.uploads.media.UploadRejected;
import org.millrace.uploads.media.UploadTranscoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One claimed job, end to end, on the calling worker thread: the source copied from storage to a temp file (streamed,
 * never held in memory), transcoded, published to storage, imported into the video library over HTTP; then
 * {@code ready} with the video id, and the uploaded file deleted. A file that cannot become a video fails with its
 * reason; a failure outside the file (storage, the library) is tried again later, a bounded number of times. The
 * temp folder goes whatever happens.
 */
final class JobRunner {
    private static final Logger LOG = LoggerFactory.getLogger(JobRunner.class);
    private static final Duration DB_WAIT = Duration.ofSeconds(30);
    private static final Duration IMPORT_WAIT = Duration.ofSeconds(120);
    private static final Duration RETRY_DELAY = Duration.ofSeconds(30);
    private static final long PROGRESS_EVERY_NANOS = TimeUnit.SECONDS.toNanos(1);

    /** The worker is stopping: the job goes back to the queue untouched. */
    static final class Stopping extends RuntimeException {
        Stopping() {
            super("the worker is stopping", null, false, false);
        }
    }

    private final JobQueue queue;
    private final Storage storage;
    private final UploadTranscoder transcoder;
    private final UploadPublisher publisher;
    private final VodImportClient importer;
    private final TranscodeJobSettings settings;
    private final ScheduledExecutorService timers;
    private final Path workRoot;

    JobRunner(
            JobQueue queue,
            Storage storage,
            UploadTranscoder transcoder,
            VodImportClient importer,
            TranscodeJobSettings settings,
            ScheduledExecutorService timers,
            Path workRoot) {
        this.queue = queue;
        this.storage = storage;
        this.transcoder = transcoder;
        this.publisher = new UploadPublisher(storage);
        this.importer = importer;
        this.settings = settings;
        this.timers = timers;
        this.workRoot = workRoot;
    }

    void run(TranscodeJob job, String worker, long claimedAtNanos, BooleanSupplier stopping) {
        Path work = null;
        try (JobLease lease =
                new JobLease(queue, job.id(), worker, settings.lease(), settings.renewal(), timers, claimedAtNanos)) {
            try {
                Files.createDirectories(workRoot);
                work = Files.createTempDirectory(workRoot, job.id() + "-");
                Path source = download(job, work.resolve("source"));
                long[] lastSent = {0};
                UploadMedia media =
                        transcoder.transcode(source, Files.createDirectories(work.resolve("out")), percent -> {
                            if (stopping.getAsBoolean()) {
                                throw new Stopping();
                            }
                            lease.stillOurs();
                            long now = System.nanoTime();
                            if (now - lastSent[0] >= PROGRESS_EVERY_NANOS) {
                                lastSent[0] = now;
                                queue.progress(job.id(), worker, percent); // not awaited: the encoders go on
                            }
                        });
                Files.delete(source);
                lease.stillOurs();
                VideoImportBody body = publisher.publish(job, media);
                lease.stillOurs();
                await(queue.progress(job.id(), worker, 98), DB_WAIT);
                String videoId = await(importer.importVideo(body), IMPORT_WAIT);
                if (await(queue.ready(job.id(), worker, videoId), DB_WAIT)) {
                    LOG.info(
                            "upload {} is video {} ({} s, attempt {})",
                            job.id(),
                            videoId,
                            Math.round(media.durationSeconds()),
                            job.attempts());
                    deleteSource(job);
                }
            } catch (UploadRejected rejected) {
                await(queue.fail(job.id(), worker, rejected.getMessage()), DB_WAIT);
                LOG.info("upload {} cannot become a video: {}", job.id(), rejected.getMessage());
            } catch (VodImportException e) {
                if (e.permanent()) {
                    await(queue.fail(job.id(), worker, e.getMessage()), DB_WAIT);
                } else {
                    retry(job, worker, e.getMessage());
                }
            } catch (StorageNotFoundException gone) {
                await(
                        queue.fail(job.id(), worker, "the uploaded file is no longer in storage; upload it again"),
                        DB_WAIT);
            } catch (JobLease.Lost lost) {
                LOG.warn("{}: leaving the job", lost.getMessage());
            } catch (Stopping stop) {
                await(queue.retryLater(job.id(), worker, null, Duration.ZERO, Integer.MAX_VALUE), DB_WAIT);
            } catch (Exception | LinkageError e) {
                LOG.warn("upload {}: transcoding failed (attempt {}): {}", job.id(), job.attempts(), e.toString());
                retry(job, worker, "transcoding failed: " + describe(e));
            }
        } catch (Exception e) {
            // The database is gone too: the lease runs out and the job is claimed again.
            LOG.warn("upload {}: could not record the job's outcome: {}", job.id(), e.toString());
        } finally {
            WorkDirectory.delete(work);
        }
    }

    /**
     * The uploaded file once it is a video: the video's own files (the MP4 keeps the source's picture when it was
     * copied) are what is served, so the upload's folder would only double what storage holds. A failed job keeps it
     * for a retry; the expiry of unfinished uploads does not cover finished ones. Best effort: a folder left behind
     * costs space, not correctness.
     */
    private void deleteSource(TranscodeJob job) {
        String folder = job.sourceKey().substring(0, job.sourceKey().lastIndexOf('/') + 1);
        try {
            storage.deleteByPrefix(folder);
        } catch (RuntimeException e) {
            LOG.warn(
                    "upload {}: could not delete its source ({}); the folder {} stays", job.id(), e.toString(), folder);
        }
    }

    private void retry(TranscodeJob job, String worker, String error) throws Exception {
        await(
                queue.retryLater(
                        job.id(), worker, error, RETRY_DELAY.multipliedBy(job.attempts()), settings.maxAttempts()),
                DB_WAIT);
    }

    /** The source, streamed from storage to a file (its size is the upload's, bounded by the upload limit). */
    private Path download(TranscodeJob job, Path file) throws IOException {
        StorageObject object = storage.get(job.sourceKey());
        try (InputStream in = object.body()) {
            Files.copy(in, file);
        } finally {
            object.close();
        }
        return file;
    }

    private static <T> T await(Future<T> future, Duration wait) throws Exception {
        try {
            return future.toCompletionStage().toCompletableFuture().get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        } catch (TimeoutException e) {
            throw new IOException("no answer within " + wait.toSeconds() + " s");
        }
    }

    private static String describe(Throwable e) {
        String message = e.getMessage();
        return message == null
                ? e.getClass().getSimpleName()
                : message.lines().findFirst().orElse("");
    }
}
