package org.millrace.uploads.bench;

import io.minio.GetPresignedObjectUrlArgs;
import io.minio.Http;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.millrace.uploads.service.BenchAccess;

/**
 * Upload throughput through the gateway (tus, one PATCH of the whole file) to S3 (S3Proxy in this JVM, or the one
 * {@code UPLOAD_BENCH_S3="<endpoint> <access key> <secret key>"} names) against a plain HTTP PUT of the same file to
 * the same S3 (a presigned URL), alternating, in one run; or, with {@code UPLOAD_BENCH_PUT_URL} (a WebDAV-enabled
 * nginx writing to the same file system), to the local store against a PUT of the same file to that nginx; on S3,
 * also against the client's own multipart upload of the file in the gateway's part size (the MinIO client); then
 * the heap a number of concurrent tus uploads hold (with S3Proxy in another process, the gateway's and uploads
 * service's alone). A benchmark, not a test: it prints
 * figures.
 *
 * <p>Run: {@code mvn -B -o -q -pl uploads -am -DskipTests test-compile} then
 * {@code bench/upload-throughput.sh [MiB] [rounds] [concurrent]}.
 */
public final class UploadThroughputBench {
    public static void main(String[] args) throws Exception {
        int mib = args.length > 0 ? Integer.parseInt(args[0]) : 256;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int concurrent = args.length > 2 ? Integer.parseInt(args[2]) : 8;
        Path dir = Files.createTempDirectory("upload-bench");
        byte[] file = new byte[mib << 20];
        new Random(1).nextBytes(file);
        Path source = dir.resolve("file.bin");
        Files.write(source, file);
        String external = System.getenv("UPLOAD_BENCH_S3"); // "<endpoint> <access key> <secret key>"
        String[] s3 =
                external == null || external.isBlank() ? null : external.trim().split(" ");
        String putBase = System.getenv("UPLOAD_BENCH_PUT_URL");
        boolean local = putBase != null && !putBase.isBlank();
        try (BenchAccess bench = local
                ? BenchAccess.local(dir.resolve("server"))
                : s3 == null
                        ? BenchAccess.onS3(dir.resolve("server"))
                        : BenchAccess.onExternalS3(dir.resolve("server"), s3[0], s3[1], s3[2])) {
            MinioClient direct = local
                    ? null
                    : MinioClient.builder()
                            .endpoint(bench.s3Endpoint())
                            .credentials(bench.s3AccessKey(), bench.s3SecretKey())
                            .region("us-east-1")
                            .build();
            HttpClient http = HttpClient.newHttpClient();
            List<Double> tus = new ArrayList<>();
            List<Double> put = new ArrayList<>();
            List<Double> multipart = new ArrayList<>();
            System.out.println("storage: "
                    + (local ? "local store; PUT reference " + putBase : "S3 " + (s3 == null ? "in process" : s3[0])));
            for (int round = 0; round < rounds; round++) {
                String url = local
                        ? putBase + "/put-" + round
                        : direct.getPresignedObjectUrl(GetPresignedObjectUrlArgs.builder()
                                .method(Http.Method.PUT)
                                .bucket(bench.bucket())
                                .object("bench/put-" + round)
                                .expiry(3600)
                                .build());
                long t0 = System.nanoTime();
                HttpResponse<Void> answer = http.send(
                        HttpRequest.newBuilder(URI.create(url))
                                .PUT(HttpRequest.BodyPublishers.ofFile(source))
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
                double putSeconds = (System.nanoTime() - t0) / 1e9;
                if (answer.statusCode() != 200 && answer.statusCode() != 201 && answer.statusCode() != 204) {
                    throw new IllegalStateException("PUT answered " + answer.statusCode());
                }
                put.add(mib / putSeconds);
                if (!local) {
                    // The second reference: the client itself uploads the file to S3 in parts of the size the
                    // gateway uses (8 MiB, one at a time), so the store's own multipart path is on both sides.
                    t0 = System.nanoTime();
                    try (var in = Files.newInputStream(source)) {
                        direct.putObject(
                                PutObjectArgs.builder()
                                        .bucket(bench.bucket())
                                        .object("bench/multipart-" + round)
                                        .stream(in, (long) file.length, 8L << 20)
                                        .build());
                    }
                    multipart.add(mib / ((System.nanoTime() - t0) / 1e9));
                }
                t0 = System.nanoTime();
                bench.upload("bench-" + round, file);
                tus.add(mib / ((System.nanoTime() - t0) / 1e9));
                System.out.printf(
                        "round %d: PUT %.1f MiB/s,%s tus through the gateway %.1f MiB/s%n",
                        round,
                        put.get(round),
                        local ? "" : String.format(" direct multipart %.1f MiB/s,", multipart.get(round)),
                        tus.get(round));
            }
            double putMedian = median(put);
            double tusMedian = median(tus);
            System.out.printf(
                    "%d MiB, median of %d: plain PUT %.1f MiB/s, tus %.1f MiB/s, ratio %.2f%s%n",
                    mib,
                    rounds,
                    putMedian,
                    tusMedian,
                    tusMedian / putMedian,
                    local
                            ? ""
                            : String.format(
                                    "; direct multipart %.1f MiB/s, tus/multipart %.2f",
                                    median(multipart), tusMedian / median(multipart)));

            // Heap held by concurrent uploads: sampled while they run, against the idle heap after a GC.
            System.gc();
            long idle = heapUsed();
            ExecutorService pool = Executors.newFixedThreadPool(concurrent);
            List<Future<?>> running = new ArrayList<>();
            for (int i = 0; i < concurrent; i++) {
                String user = "bench-c" + i;
                running.add(pool.submit(() -> {
                    bench.upload(user, file);
                    return null;
                }));
            }
            long peak = idle;
            while (running.stream().anyMatch(f -> !f.isDone())) {
                System.gc();
                peak = Math.max(peak, heapUsed());
                Thread.sleep(200);
            }
            for (Future<?> f : running) {
                f.get();
            }
            pool.shutdown();
            System.out.printf(
                    "%d concurrent uploads: heap after GC %.1f MiB idle, %.1f MiB peak: %.2f MiB per upload "
                            + "(the client side's copies of the file excluded: they are allocated before)%n",
                    concurrent, idle / 1048576.0, peak / 1048576.0, (peak - idle) / 1048576.0 / concurrent);
        }
    }

    private static long heapUsed() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(Double::compare);
        return sorted.get(sorted.size() / 2);
    }

    private UploadThroughputBench() {}
}
