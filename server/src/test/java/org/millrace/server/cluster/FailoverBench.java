package org.millrace.server.cluster;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.millrace.server.ApiClient;
import org.millrace.server.TestMedia;

/**
 * Benchmark (issue 13, ingest failover), not a test: the journey's cluster (nine JVMs from the jar, PostgreSQL,
 * S3Proxy, nginx) with one publisher (Debian's ffmpeg, 320x240) through the UDP front. Each round first drops the
 * publisher's link with every node alive and times its reconnect (the reference, same run), then SIGKILLs the ingest
 * node holding it and times the failover: SIGKILL → the reconnected publisher's first new segment listed in the
 * media playlist read through nginx; the killed node is then started again for the next round.
 * Usage: FailoverBench <jar> <web root> <work dir> <rounds>
 */
public final class FailoverBench {
    private static final int GRACE_SECONDS = 30;
    private static final Duration LIMIT = Duration.ofSeconds(GRACE_SECONDS);

    private FailoverBench() {}

    public static void main(String[] args) throws Exception {
        Path dir = MillraceCluster.fresh(Path.of(args[2]).toAbsolutePath());
        int rounds = Integer.parseInt(args[3]);
        Path media = TestMedia.smallPattern(dir.resolve("pattern.ts"), 600);
        List<Long> reconnects = new ArrayList<>();
        List<Long> failovers = new ArrayList<>();
        try (MillraceCluster cluster = MillraceCluster.start(
                        Path.of(args[0]),
                        Path.of(args[1]),
                        dir,
                        Map.of("MILLRACE_RECONNECT_GRACE_SECONDS", Integer.toString(GRACE_SECONDS)));
                ApiClient front = new ApiClient(
                        cluster.front().baseUrl(), cluster.jwtSecret().getBytes(StandardCharsets.UTF_8))) {
            String token = front.token("u-bench", "bench");
            JsonObject stream = front.json("POST", "/api/streams", token, new JsonObject().put("title", "Failover"));
            String id = stream.getString("id");
            String srtUrl = stream.getString("srtUrl");
            Process publisher = TestMedia.publish(media, srtUrl, dir.resolve("publisher.log"));
            try {
                for (int round = 1; round <= rounds; round++) {
                    awaitSegments(front, id, 3);
                    IngestFailover.Result reference = IngestFailover.reconnectOnly(
                            front, id, publisher, media, srtUrl, dir.resolve("publisher.log"), LIMIT);
                    publisher = reference.publisher();
                    reconnects.add(reference.elapsed().toMillis());
                    awaitSegments(front, id, 3);
                    ClusterNode holder = cluster.ingestNodeOf(id);
                    IngestFailover.Result failover = IngestFailover.run(
                            front, holder, id, publisher, media, srtUrl, dir.resolve("publisher.log"), LIMIT);
                    publisher = failover.publisher();
                    failovers.add(failover.elapsed().toMillis());
                    System.out.printf(
                            "round %d: reconnect (all nodes alive) %d ms; failover (SIGKILL of %s) %d ms, "
                                    + "%d connection attempts%n",
                            round,
                            reference.elapsed().toMillis(),
                            holder.name(),
                            failover.elapsed().toMillis(),
                            failover.attempts());
                    cluster.startAgain(holder.name());
                }
            } finally {
                publisher.destroyForcibly();
            }
        }
        System.out.printf(
                "failover: SIGKILL to the first new segment listed, %d rounds: median %d ms, max %d ms; "
                        + "reference reconnect, all nodes alive: median %d ms, max %d ms%n",
                rounds,
                median(failovers),
                failovers.stream().mapToLong(Long::longValue).max().orElse(0),
                median(reconnects),
                reconnects.stream().mapToLong(Long::longValue).max().orElse(0));
        System.exit(0);
    }

    /** Waits until the stream's media playlist lists {@code count} segments more than now. */
    private static void awaitSegments(ApiClient front, String streamId, int count) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        LivePlaylist first = null;
        while (System.nanoTime() < deadline) {
            LivePlaylist now = LivePlaylist.read(front, streamId);
            if (first == null) {
                first = now;
            } else if (now != null && newSegments(now, first) >= count) {
                return;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the stream does not play");
    }

    private static long newSegments(LivePlaylist now, LivePlaylist before) {
        return now.segments().stream()
                .filter(s -> !before.segments().contains(s))
                .count();
    }

    private static long median(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.isEmpty() ? 0 : sorted.get(sorted.size() / 2);
    }
}
