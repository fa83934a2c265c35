package org.millrace.recorder;

import java.time.Duration;
import java.util.List;

/**
 * Tunables of the recorder.
 *
 * @param concurrency  recordings built at once by this process (each one reads and writes a whole session)
 * @param retryDelays  wait before attempt n + 1 after attempt n failed; its size + 1 is the number of attempts
 * @param sweepInterval how often recordings still on air are checked against the streams service (a missed
 *                     {@code stream.ended} event must not strand one)
 * @param lookupTimeout how long the streams service may take to answer a session lookup
 * @param uploadWait    how long after its session ended a recording waits for storage to hold all of it (the
 *                      transcoder's spool draining, storage down) before it is built from what is there; those
 *                      waits cost no attempt
 * @param lease         how long a build's claim holds without renewal: when the recorder building it dies, another
 *                      recorder takes the recording over this long after the last renewal at most
 * @param leaseRenewal  how often a recorder renews the lease of each build it runs (a fraction of the lease, so a
 *                      database hiccup or a slow renewal does not lose it)
 */
public record RecorderSettings(
        int concurrency,
        List<Duration> retryDelays,
        Duration sweepInterval,
        Duration lookupTimeout,
        Duration uploadWait,
        Duration lease,
        Duration leaseRenewal) {

    public RecorderSettings {
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be at least 1");
        }
        retryDelays = List.copyOf(retryDelays);
        if (retryDelays.stream().anyMatch(d -> d.isNegative())) {
            throw new IllegalArgumentException("retry delays must not be negative");
        }
        if (sweepInterval.isNegative()
                || sweepInterval.isZero()
                || lookupTimeout.isNegative()
                || lookupTimeout.isZero()
                || uploadWait.isNegative()) {
            throw new IllegalArgumentException("sweep interval and lookup timeout must be positive");
        }
        if (leaseRenewal.isNegative()
                || leaseRenewal.isZero()
                || leaseRenewal.multipliedBy(2).compareTo(lease) > 0) {
            throw new IllegalArgumentException("the lease must be renewed at least twice per lease");
        }
    }

    /**
     * One build at a time, three attempts (retries after 5 s and 30 s), a sweep every 30 s, storage awaited up to
     * 10 minutes 30 s after the session ended (the transcoder's default spool age and a margin), a 20 s lease
     * renewed every 5 s (a build whose recorder died is taken over within 20 s, well inside half a minute).
     */
    public static RecorderSettings defaults() {
        return new RecorderSettings(
                1,
                List.of(Duration.ofSeconds(5), Duration.ofSeconds(30)),
                Duration.ofSeconds(30),
                Duration.ofSeconds(5),
                Duration.ofSeconds(630),
                Duration.ofSeconds(20),
                Duration.ofSeconds(5));
    }

    public int maxAttempts() {
        return retryDelays.size() + 1;
    }

    /** The wait after the given failed attempt (1-based). */
    public Duration delayAfter(int attempt) {
        return retryDelays.get(Math.min(Math.max(attempt, 1), retryDelays.size()) - 1);
    }

    public RecorderSettings withRetryDelays(List<Duration> delays) {
        return new RecorderSettings(concurrency, delays, sweepInterval, lookupTimeout, uploadWait, lease, leaseRenewal);
    }

    public RecorderSettings withSweepInterval(Duration interval) {
        return new RecorderSettings(concurrency, retryDelays, interval, lookupTimeout, uploadWait, lease, leaseRenewal);
    }

    public RecorderSettings withLookupTimeout(Duration timeout) {
        return new RecorderSettings(concurrency, retryDelays, sweepInterval, timeout, uploadWait, lease, leaseRenewal);
    }

    public RecorderSettings withConcurrency(int n) {
        return new RecorderSettings(n, retryDelays, sweepInterval, lookupTimeout, uploadWait, lease, leaseRenewal);
    }

    public RecorderSettings withUploadWait(Duration wait) {
        return new RecorderSettings(concurrency, retryDelays, sweepInterval, lookupTimeout, wait, lease, leaseRenewal);
    }

    /** A lease of {@code lease}, renewed every quarter of it. */
    public RecorderSettings withLease(Duration lease) {
        return new RecorderSettings(
                concurrency, retryDelays, sweepInterval, lookupTimeout, uploadWait, lease, lease.dividedBy(4));
    }
}
