package org.millrace.core.config;

import java.time.Duration;

/**
 * Bounds of the transcoder's upload spool, the finished segments (files in its work directory) waiting for storage
 * while storage is down: bytes for all streams together, bytes for one stream, and how long one segment may wait.
 * Past a byte bound new segments are dropped; past the age the oldest are given up; both are listed as gaps.
 */
public record UploadSpoolLimits(long maxBytes, long maxBytesPerStream, Duration maxAge) {
    private static final long MIB = 1024L * 1024;

    public UploadSpoolLimits {
        if (maxBytes < 1 || maxBytesPerStream < 1 || maxAge.isNegative() || maxAge.isZero()) {
            throw new ConfigException("upload spool limits must be positive");
        }
    }

    /** 2 GiB in all, 512 MiB per stream (about 4 minutes of a 1080p source with its whole ladder), 10 minutes. */
    public static UploadSpoolLimits defaults() {
        return new UploadSpoolLimits(2048 * MIB, 512 * MIB, Duration.ofMinutes(10));
    }

    public static UploadSpoolLimits ofMebibytes(int total, int perStream, Duration maxAge) {
        return new UploadSpoolLimits(total * MIB, perStream * MIB, maxAge);
    }
}
