package org.millrace.uploads.jobs;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.millrace.core.config.TranscodeJobSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@code transcode} worker's threads: each claims a job, runs it ({@link JobRunner}) and claims the next, or waits a
 * poll interval when the queue is empty or the database cannot be reached. Transcoding runs on these threads only,
 * never on an event loop. {@link #close} stops claiming, hands running jobs back to the queue and joins the threads.
 */
public final class TranscodeWorker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TranscodeWorker.class);

    private final JobQueue queue;
    private final JobRunner runner;
    private final TranscodeJobSettings settings;
    private final String workerId;
    private final Duration poll;
    private final ScheduledExecutorService timers;
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicInteger finished = new AtomicInteger();
    private volatile boolean stopping;

    TranscodeWorker(
            JobQueue queue,
            JobRunner runner,
            TranscodeJobSettings settings,
            String workerId,
            Duration poll,
            ScheduledExecutorService timers) {
        this.queue = queue;
        this.runner = runner;
        this.settings = settings;
        this.workerId = workerId;
        this.poll = poll;
        this.timers = timers;
    }

    void start() {
        for (int i = 0; i < settings.workers(); i++) {
            String id = workerId + "/" + i;
            Thread t = new Thread(() -> loop(id), "transcode-" + i);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
    }

    private void loop(String id) {
        boolean databaseDown = false;
        while (!stopping) {
            Optional<TranscodeJob> job;
            long claimedAt = System.nanoTime();
            try {
                job = queue.claim(id, settings.lease(), settings.maxAttempts())
                        .toCompletionStage()
                        .toCompletableFuture()
                        .get(30, TimeUnit.SECONDS);
                if (databaseDown) {
                    LOG.info("transcode worker {}: the database answers again", id);
                    databaseDown = false;
                }
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                if (!databaseDown) {
                    LOG.warn("transcode worker {}: cannot claim jobs: {}", id, e.toString());
                    databaseDown = true;
                }
                job = Optional.empty();
            }
            if (job.isPresent()) {
                runner.run(job.get(), id, claimedAt, () -> stopping);
                finished.incrementAndGet();
            } else if (!sleep()) {
                return;
            }
        }
    }

    private boolean sleep() {
        try {
            Thread.sleep(poll.toMillis());
            return true;
        } catch (InterruptedException e) {
            return false;
        }
    }

    /** Jobs this worker ran to an outcome (ready, failed or queued again). */
    public int finished() {
        return finished.get();
    }

    @Override
    public void close() {
        stopping = true;
        for (Thread t : threads) {
            try {
                t.join(TimeUnit.SECONDS.toMillis(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        timers.shutdownNow();
    }

    static ScheduledExecutorService leaseTimers() {
        return Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "transcode-leases");
            t.setDaemon(true);
            return t;
        });
    }
}
