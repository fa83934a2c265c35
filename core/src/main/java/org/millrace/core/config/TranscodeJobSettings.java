package org.millrace.core.config;

import java.time.Duration;

/**
 * How this process's {@code transcode} workers take uploads from the queue: how many jobs at once, the lease a
 * claimed job holds (renewed while it runs; a worker that dies loses the job when it runs out), how many claims a
 * job gets before it is failed, and the longest upload it transcodes.
 */
public record TranscodeJobSettings(int workers, Duration lease, int maxAttempts, Duration maxDuration) {
    public TranscodeJobSettings {
        if (workers < 1 || maxAttempts < 1) {
            throw new IllegalArgumentException("workers and maxAttempts must be positive");
        }
        if (lease.toMillis() < 200 || maxDuration.isNegative() || maxDuration.isZero()) {
            throw new IllegalArgumentException("lease at least 200 ms, maxDuration positive");
        }
    }

    /** One job at a time, a 60 s lease, 3 attempts, uploads up to 6 hours. */
    public static TranscodeJobSettings defaults() {
        return new TranscodeJobSettings(1, Duration.ofSeconds(60), 3, Duration.ofHours(6));
    }

    /** How often a running job renews its lease: three times per lease. */
    public Duration renewal() {
        return lease.dividedBy(3);
    }
}
