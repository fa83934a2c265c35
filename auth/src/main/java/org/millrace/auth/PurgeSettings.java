package org.millrace.auth;

import java.time.Duration;

/**
 * How {@link RefreshTokenPurge} clears out dead refresh tokens.
 *
 * @param interval   time between two purges (the first runs one interval after start, at most a minute)
 * @param retention  how long a token is kept after it expired or was revoked (a replayed old token is then still
 *                   recognised, and its reuse logged, for that long)
 * @param batchSize  rows deleted per statement, so no purge holds locks on many rows at once
 * @param maxBatches statements per purge; what is left waits for the next one
 */
public record PurgeSettings(Duration interval, Duration retention, int batchSize, int maxBatches) {
    public PurgeSettings {
        if (interval.toMillis() < 10 || retention.isNegative() || batchSize < 1 || maxBatches < 1) {
            throw new IllegalArgumentException("purge settings must be positive");
        }
    }

    public static PurgeSettings defaults() {
        return new PurgeSettings(Duration.ofHours(1), Duration.ofDays(7), 1000, 100);
    }
}
