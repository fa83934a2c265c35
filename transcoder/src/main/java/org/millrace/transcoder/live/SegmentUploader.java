package org.millrace.transcoder.live;

import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.millrace.core.storage.Storage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One pipeline's storage writer, on its own thread so a slow or failing storage never stalls decoding: jobs run in
 * order; segment jobs are bounded (beyond the bound they are refused and the caller counts a drop) while the few
 * control jobs (init segments, end of playlists) always queue. Puts retry with exponential backoff.
 */
final class SegmentUploader implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SegmentUploader.class);
    private static final Runnable STOP = () -> { };

    private final Storage storage;
    private final int maxSegments;
    private final int attempts;
    private final Duration backoff;
    private final PipelineMetrics metrics;
    private final LinkedBlockingQueue<Runnable> jobs = new LinkedBlockingQueue<>();
    private final AtomicInteger pendingSegments = new AtomicInteger();
    private final Thread thread;

    SegmentUploader(Storage storage, int maxSegments, int attempts, Duration backoff, PipelineMetrics metrics,
                    String threadName) {
        this.storage = storage;
        this.maxSegments = maxSegments;
        this.attempts = attempts;
        this.backoff = backoff;
        this.metrics = metrics;
        thread = new Thread(this::loop, threadName);
        thread.setDaemon(true);
        thread.start();
    }

    /** Queues a segment job unless {@code maxSegments} are already waiting; false means it was dropped. */
    boolean offerSegment(Runnable job) {
        if (pendingSegments.incrementAndGet() > maxSegments) {
            pendingSegments.decrementAndGet();
            return false;
        }
        jobs.add(() -> {
            pendingSegments.decrementAndGet();
            job.run();
        });
        return true;
    }

    void submit(Runnable job) {
        jobs.add(job);
    }

    /** Puts with retries on this uploader's thread; false when every attempt failed. */
    boolean put(String key, Object content, boolean timed) {
        long delay = backoff.toMillis();
        for (int attempt = 1; ; attempt++) {
            long start = System.nanoTime();
            try {
                if (content instanceof byte[]) {
                    storage.put(key, (byte[]) content, null);
                } else {
                    storage.put(key, (java.nio.file.Path) content, null);
                }
                if (timed) {
                    metrics.uploadLatency.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
                }
                return true;
            } catch (RuntimeException e) {
                if (attempt >= attempts) {
                    LOG.warn("giving up on {} after {} attempts: {}", key, attempt, e.toString());
                    return false;
                }
                try {
                    Thread.sleep(delay);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return false;
                }
                delay = Math.min(delay * 2, 8_000);
            }
        }
    }

    private void loop() {
        while (true) {
            Runnable job;
            try {
                job = jobs.take();
            } catch (InterruptedException e) {
                return;
            }
            if (job == STOP) {
                return;
            }
            try {
                job.run();
            } catch (RuntimeException e) {
                LOG.error("upload job failed", e);
            }
        }
    }

    /** Runs what is queued, then stops; waits at most {@code wait} for it. */
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
