package org.millrace.uploads.service;

import java.nio.file.Path;
import java.util.Map;

/** The tus harness as the upload benchmark (another package) drives it. */
public final class BenchAccess implements AutoCloseable {
    private final TusHarness harness;

    private BenchAccess(TusHarness harness) {
        this.harness = harness;
    }

    public static BenchAccess onS3(Path dir) throws Exception {
        return new BenchAccess(TusHarness.onS3(dir, Map.of("MILLRACE_UPLOADS_PER_USER", "100")));
    }

    /** On the local store (the default configuration), under {@code dir}. */
    public static BenchAccess local(Path dir) throws Exception {
        return new BenchAccess(TusHarness.local(dir, Map.of("MILLRACE_UPLOADS_PER_USER", "100")));
    }

    /** On an S3 of another process (so its heap is not this one's). */
    public static BenchAccess onExternalS3(Path dir, String endpoint, String accessKey, String secretKey)
            throws Exception {
        return new BenchAccess(TusHarness.onExternalS3(
                dir,
                Map.of(
                        "MILLRACE_UPLOADS_PER_USER",
                        "100",
                        "MILLRACE_S3_ENDPOINT",
                        endpoint,
                        "MILLRACE_S3_ACCESS_KEY",
                        accessKey,
                        "MILLRACE_S3_SECRET_KEY",
                        secretKey,
                        "MILLRACE_S3_BUCKET",
                        "uploads-bench")));
    }

    public String s3Endpoint() {
        return harness.config.s3().orElseThrow().endpoint();
    }

    public String s3AccessKey() {
        return harness.config.s3().orElseThrow().accessKey();
    }

    public String s3SecretKey() {
        return harness.config.s3().orElseThrow().secretKey();
    }

    public String bucket() {
        return harness.config.storageBucket();
    }

    /** One tus upload of {@code file}: creation and one PATCH of it all. */
    public void upload(String user, byte[] file) throws Exception {
        TusClient client = harness.client(user);
        String path = client.createPath(file.length, "bench");
        TusClient.Answer answer = client.patch(path, 0, file, 0, file.length);
        if (answer.status() != 204) {
            throw new IllegalStateException("PATCH answered " + answer);
        }
    }

    @Override
    public void close() throws Exception {
        harness.close();
    }
}
