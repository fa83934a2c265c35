package org.millrace.core.storage;

import java.util.Objects;

/**
 * Connection settings of an S3-compatible bucket.
 *
 * @param endpoint  e.g. {@code https://s3.eu-west-1.amazonaws.com} or {@code http://minio:9000}
 * @param region    may be null or blank to let the client discover it
 */
public record S3Settings(String endpoint, String accessKey, String secretKey, String bucket, String region) {

    public S3Settings {
        requireText(endpoint, "endpoint");
        requireText(bucket, "bucket");
        Objects.requireNonNull(accessKey, "accessKey");
        Objects.requireNonNull(secretKey, "secretKey");
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("S3 " + name + " must be set");
        }
    }

    /** Region or null when discovery is wanted. */
    public String regionOrNull() {
        return region == null || region.isBlank() ? null : region;
    }

    /** Overridden so the secret key never reaches a log line through a record's generated toString. */
    @Override
    public String toString() {
        return "S3Settings[endpoint=" + endpoint + ", bucket=" + bucket + ", region=" + region + ", accessKey="
                + accessKey + ", secretKey=***]";
    }
}
