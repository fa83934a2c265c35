package org.millrace.uploads.jobs;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lease on one job a worker runs: renewed on a timer (the renewal is asynchronous, nothing waits on it) and
 * asked by the job before each step nobody must repeat. The job counts as ours while the last confirmed renewal,
 * timed from when it was sent, leaves half a lease: a worker cut off from the database stops before another takes
 * the job over.
 */
final class JobLease implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(JobLease.class);

    /** The job is no longer this worker's. */
    static final class Lost extends RuntimeException {
        Lost(String message) {
            super(message, null, false, false);
        }
    }

    private final JobQueue queue;
    private final String jobId;
    private final String worker;
    private final Duration lease;
    private final ScheduledFuture<?> timer;
    private volatile long heldUntilNanos;
    private volatile boolean lost;
    private volatile boolean renewing;

    JobLease(JobQueue queue, String jobId, String worker, Duration lease, Duration renewal,
             ScheduledExecutorService timers, long claimedAtNanos) {
        this.queue = queue;
        this.jobId = jobId;
        this.worker = worker;
        this.lease = lease;
        this.heldUntilNanos = claimedAtNanos + lease.toNanos();
        this.timer = timers.scheduleAtFixedRate(this::renew, renewal.toMillis(), renewal.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    private void renew() {
        if (renewing || lost) {
            return;
        }
        renewing = true;
        long sentAt = System.nanoTime();
        queue.renew(jobId, worker, lease).onComplete(renewed -> {
            renewing = false;
            if (renewed.succeeded() && renewed.result()) {
                heldUntilNanos = sentAt + lease.toNanos();
            } else if (renewed.succeeded()) {
                lost = true;
                LOG.warn("upload {}: another worker took the job over; leaving it", jobId);
            }
        });
    }

    /** Throws {@link Lost} when the job may no longer be ours. */
    void stillOurs() {
        if (lost) {
            throw new Lost("upload " + jobId + " was taken over by another worker");
        }
        if (heldUntilNanos - System.nanoTime() < lease.toNanos() / 2) {
            throw new Lost("upload " + jobId + ": its lease could not be renewed in time");
        }
    }

    @Override
    public void close() {
        timer.cancel(false);
    }
}
