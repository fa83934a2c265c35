package org.millrace.uploads.jobs;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.millrace.core.db.RenewedLease;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lease on one job a worker runs ({@link RenewedLease}), renewed on a timer of the worker's (nothing waits on
 * the renewal) and asked by the job before each step nobody must repeat.
 */
final class JobLease implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(JobLease.class);

    /** The job is no longer this worker's. */
    static final class Lost extends RuntimeException {
        Lost(String message) {
            super(message, null, false, false);
        }
    }

    private final String jobId;
    private final RenewedLease lease;
    private final ScheduledFuture<?> timer;

    JobLease(
            JobQueue queue,
            String jobId,
            String worker,
            Duration length,
            Duration renewal,
            ScheduledExecutorService timers,
            long claimedAtNanos) {
        this.jobId = jobId;
        this.lease = new RenewedLease(
                length,
                () -> queue.renew(jobId, worker, length),
                new RenewedLease.Outcomes() {
                    @Override
                    public void lost() {
                        LOG.warn("upload {}: another worker took the job over; leaving it", jobId);
                    }

                    @Override
                    public void failed(Throwable cause) {
                        // The database is away: the job stops once the lease is half gone (stillOurs).
                    }
                },
                claimedAtNanos);
        this.timer = timers.scheduleAtFixedRate(
                this.lease::renew, renewal.toMillis(), renewal.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Throws {@link Lost} when the job may no longer be ours. */
    void stillOurs() {
        String problem = lease.problem();
        if (problem != null) {
            throw new Lost("upload " + jobId + ": its lease was " + problem);
        }
    }

    @Override
    public void close() {
        timer.cancel(false);
    }
}
