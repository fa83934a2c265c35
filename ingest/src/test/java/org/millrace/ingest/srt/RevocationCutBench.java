package org.millrace.ingest.srt;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.millrace.testkit.SrtPublisher;

/**
 * Benchmark (not a test): how long from the owner's key rotation request until the publisher using the old key
 * (Debian's ffmpeg, looping a TS over SRT) has exited because the ingest shut its connection; the reference in the
 * same run is the same measure for deleting the stream (the path that already cut publishers before). Runs
 * alternate. Run by bench/ingest-revocation.sh.
 *
 * <p>Usage: {@code RevocationCutBench [runs]}
 */
public final class RevocationCutBench {
    private RevocationCutBench() {}

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 7;
        Path dir = Files.createTempDirectory("revocation-bench");
        Path ts = Media.transportStream(dir, 2);
        List<Long> rotate = new ArrayList<>();
        List<Long> delete = new ArrayList<>();
        try (IngestHarness harness = IngestHarness.start(dir, Duration.ofSeconds(30))) {
            String token = harness.token("u-bench", "bench");
            for (int run = 0; run < runs; run++) {
                rotate.add(cut(harness, token, ts, dir, run, true));
                delete.add(cut(harness, token, ts, dir, run, false));
            }
        }
        System.out.println(
                "revocation bench: rotate -> publisher exited (ms): " + rotate + ", median " + median(rotate));
        System.out.println("revocation bench: delete -> publisher exited (ms, reference): " + delete + ", median "
                + median(delete));
        System.exit(0);
    }

    private static long cut(IngestHarness harness, String token, Path ts, Path dir, int run, boolean rotate)
            throws Exception {
        JsonObject stream = harness.create(token, new JsonObject().put("title", "bench " + run));
        String id = stream.getString("id");
        Process publisher = SrtPublisher.publishLooping(
                ts, harness.local(stream.getString("srtUrl")), dir.resolve("bench-" + run + ".log"));
        try {
            harness.awaitStatus(id, "live", Duration.ofSeconds(10));
            Thread.sleep(500); // media flowing
            long start = System.nanoTime();
            int status = rotate
                    ? harness.call(HttpMethod.POST, "/api/streams/" + id + "/key", token, new JsonObject())
                            .statusCode()
                    : harness.call(HttpMethod.DELETE, "/api/streams/" + id, token, null)
                            .statusCode();
            if (status != (rotate ? 200 : 204)) {
                throw new IllegalStateException("the API answered " + status);
            }
            if (!publisher.waitFor(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the publisher was not cut within 10 s");
            }
            return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        } finally {
            publisher.destroyForcibly();
            publisher.waitFor(5, TimeUnit.SECONDS);
        }
    }

    private static long median(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }
}
