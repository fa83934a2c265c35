package org.millrace.core.storage;

/** Where an S3-compatible store (MinIO, AWS) is and how to sign requests to it. */
public record S3Settings(String endpoint, String accessKey, String secretKey, String bucket, String region) {
    @Override
    public String toString() {
        return "s3 " + endpoint + " bucket " + bucket + " (region " + region + ")";
    }
}
