package org.millrace.core.config;

import java.time.Duration;

/**
 * Video uploads (tus): the largest upload accepted (answered as {@code Tus-Max-Size}, 413 at creation above it),
 * how long an unfinished upload lives after its last progress before it is expired and its bytes deleted, and how
 * many unfinished uploads one user may hold (429 above, so nobody grows the table without bound).
 */
public record UploadSettings(long maxBytes, Duration expiry, int maxUnfinishedPerUser) {

    public UploadSettings {
        if (maxBytes < 1 || expiry.isNegative() || expiry.isZero() || maxUnfinishedPerUser < 1) {
            throw new ConfigException("upload settings must be positive");
        }
    }

    /** 20 GiB, 24 hours, 10 per user. */
    public static UploadSettings defaults() {
        return new UploadSettings(20L << 30, Duration.ofHours(24), 10);
    }
}
