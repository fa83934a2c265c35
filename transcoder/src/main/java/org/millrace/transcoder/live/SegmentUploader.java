package org.millrace.transcoder.live;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.millrace.core.storage.Storage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One pipeline's storage writer, on its own thread so a slow or failing storage never stalls decoding. Jobs run in
 * order, and a put is retried (backoff up to {@link #MAX_BACKOFF}) until storage takes it: while storage is down the
 * head job waits and the finished segments behind it wait in the spool (their files in the work directory, bounded
 * by {@link UploadSpool}); when storage returns they go up in order. A segment job the spool has no room for is
 * refused (the caller lists a gap); a put still failing once its job waited the spool's maximum age is given up.
 */
final class SegmentUploader implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SegmentUploader.class);
    /** Storage that comes back is noticed within this. */
    static final Duration MAX_BACKOFF = Duration.ofSeconds(2);

    private record Job(long queuedAt, Runnable work) {}

    private static final Job STOP = new Job(0, () -> {});

    private final Storage storage;
    private final UploadSpool.Account spool;
    private final Duration backoff;
    private final long maxAgeNanos;
    private final PipelineMetrics metrics;
    private final String streamId;
    private final LinkedBlockingQueue<Job> jobs = new LinkedBlockingQueue<>();
    private final AtomicInteger pendingSegments = new AtomicInteger();
    private final Thread thread;
    // Uploader thread only.
    private long currentQueuedAt;
    private long outageSince;
    /** From a failed put until the queue is empty again: the jobs waiting are an outage's backlog. */
    private boolean catchingUp;

    SegmentUploader(
            Storage storage,
            UploadSpool.Account spool,
            Duration backoff,
            Duration maxAge,
            PipelineMetrics metrics,
            String streamId,
            String threadName) {
        this.storage = storage;
        this.spool = spool;
        this.backoff = backoff;
        this.maxAgeNanos = maxAge.toNanos();
        this.metrics = metrics;
        this.streamId = streamId;
        metrics.backlog(pendingSegments::get);
        thread = new Thread(this::loop, threadName);
        thread.setDaemon(true);
        thread.start();
    }

    /** Queues a job for a segment of {@code bytes} on local disk unless the spool is full; false: it was dropped. */
    boolean offerSegment(long bytes, Runnable job) {
        if (!spool.reserve(bytes)) {
            return false;
        }
        pendingSegments.incrementAndGet();
        jobs.add(new Job(System.nanoTime(), () -> {
            try {
                job.run();
            } finally {
                pendingSegments.decrementAndGet();
                spool.release(bytes);
            }
        }));
        return true;
    }

    /** Queues a control job (init, playlist end, master, thumbnail): always accepted, in order with the segments. */
    void submit(Runnable job) {
        jobs.add(new Job(System.nanoTime(), job));
    }

    /** Segment jobs queued and not yet done. */
    int backlog() {
        return pendingSegments.get();
    }

    /**
     * Puts on this uploader's thread, retrying until storage takes it; false when the job has waited longer than the
     * spool's maximum age (or the uploader was interrupted).
     */
    boolean put(String key, Object content, boolean timed) {
        long delay = backoff.toMillis();
        while (true) {
            long start = System.nanoTime();
            try {
                if (content instanceof byte[] bytes) {
                    storage.put(key, bytes, null);
                } else {
                    storage.put(key, (Path) content, null);
                }
                if (timed) {
                    metrics.uploadLatency.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
                }
                if (outageSince != 0) {
                    recovered();
                }
                return true;
            } catch (RuntimeException e) {
                catchingUp = true;
                if (outageSince == 0) {
                    outageSince = System.nanoTime();
                    LOG.warn(
                            "stream {}: storage failing ({}); finished segments wait on local disk (this stream "
                                    + "up to {} MiB) and go up in order when it is back",
                            streamId,
                            e.getMessage(),
                            spool.limitBytes() / (1024 * 1024));
                }
                if (System.nanoTime() - currentQueuedAt - maxAgeNanos >= 0) {
                    LOG.warn(
                            "stream {}: giving up on {}: storage failing for {} s ({})",
                            streamId,
                            key,
                            (System.nanoTime() - currentQueuedAt) / 1_000_000_000,
                            e.getMessage());
                    return false;
                }
                try {
                    Thread.sleep(delay);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return false;
                }
                delay = Math.min(delay * 2, MAX_BACKOFF.toMillis());
            }
        }
    }

    /** Deletes on this uploader's thread, once; a failure is logged (the object stays, harmless). */
    void delete(String key) {
        try {
            storage.delete(key);
        } catch (RuntimeException e) {
            LOG.debug("could not delete {}: {}", key, e.toString());
        }
    }

    private void recovered() {
        long seconds = (System.nanoTime() - outageSince) / 1_000_000_000;
        LOG.info(
                "stream {}: storage back after {} s; uploading {} waiting segments",
                streamId,
                seconds,
                pendingSegments.get());
        metrics.storageOutages.increment();
        outageSince = 0;
    }

    /**
     * Uploader thread: whether storage failed since the queue was last empty, so what waits is an outage's backlog
     * (rather than the jobs behind a slow put).
     */
    boolean catchingUp() {
        return catchingUp;
    }

    private void loop() {
        while (true) {
            Job job;
            try {
                job = jobs.take();
            } catch (InterruptedException e) {
                return;
            }
            if (job == STOP) {
                return;
            }
            currentQueuedAt = job.queuedAt();
            try {
                job.work().run();
            } catch (RuntimeException e) {
                LOG.error("upload job failed", e);
            }
            if (catchingUp && outageSince == 0 && jobs.isEmpty()) {
                catchingUp = false;
            }
        }
    }

    /** Runs what is queued, then stops; waits at most {@code wait} for it, then interrupts the thread. */
    void close(Duration wait) {
        jobs.add(STOP);
        try {
            thread.join(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            LOG.warn("uploader {} still busy after {}; interrupting it", thread.getName(), wait);
            thread.interrupt();
        }
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(60));
    }
}
