package org.millrace.streams;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.millrace.core.bus.Addresses;

/**
 * Benchmark (issue 13): viewer heartbeats per second through the real gateway, with one streams service instance and
 * with two, alternated in the same run (every heartbeat is applied on both: the shared viewer counter). Each
 * heartbeat also reads the stream's row from PostgreSQL, as in production. Not a test: run through
 * bench/shared-state.sh. Arguments: seconds per phase (default 10), requests in flight (default 32), viewers
 * (default 5000).
 */
public final class HeartbeatBench {
    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int inFlight = args.length > 1 ? Integer.parseInt(args[1]) : 32;
        int viewers = args.length > 2 ? Integer.parseInt(args[2]) : 5000;
        counterOnly(2_000_000, viewers); // warm-up
        counterOnly(2_000_000, viewers);
        Path dir = Files.createTempDirectory("millrace-heartbeat-bench");
        try (StreamsHarness harness = StreamsHarness.start(dir, Duration.ofSeconds(30))) {
            String id = harness.create(harness.token("u-bench", "bench"), new JsonObject().put("title", "Bench"))
                    .getString("id");
            harness.bus(
                    Addresses.STREAMS_PUBLISH_STARTED,
                    new JsonObject().put("streamId", id).put("publisher", "203.0.113.7:5000"));
            run(harness, id, 15, inFlight, viewers); // warm-up
            // Alternated, three times, so neither configuration gets the warmer JVM or the quieter machine.
            for (int round = 1; round <= 3; round++) {
                System.out.printf(
                        "round %d, one streams instance: %.0f heartbeats/s%n",
                        round, run(harness, id, seconds, inFlight, viewers));
                String second = harness.deployAnotherStreams();
                System.out.printf(
                        "round %d, two streams instances (shared counter): %.0f heartbeats/s%n",
                        round, run(harness, id, seconds, inFlight, viewers));
                harness.vertx.undeploy(second).await(10, TimeUnit.SECONDS);
            }
        }
    }

    /**
     * The counter alone, in memory: heartbeats per second on one {@link ViewerCounter}, then on one whose changes
     * {@link StreamsStateSync} publishes to a second instance's counter (timed until the second applied them all).
     */
    private static void counterOnly(int beats, int viewers) throws Exception {
        Clock clock = Clock.systemUTC();
        StreamsSettings.ViewerLimits limits = StreamsSettings.ViewerLimits.defaults();
        ViewerCounter alone = new ViewerCounter(clock, limits);
        long start = System.nanoTime();
        for (int i = 0; i < beats; i++) {
            alone.heartbeat("stream-0000000001", id(i % viewers), address(i % viewers));
        }
        double aloneRate = beats / ((System.nanoTime() - start) / 1e9);
        Vertx vertx = Vertx.vertx();
        try {
            ViewerCounter here = new ViewerCounter(clock, limits);
            ViewerCounter there = new ViewerCounter(clock, limits);
            new StreamsStateSync(vertx, here, new PublishRefusals(clock, Duration.ofMinutes(1), 10))
                    .start()
                    .await(10, TimeUnit.SECONDS);
            java.util.concurrent.CountDownLatch applied = new java.util.concurrent.CountDownLatch(beats);
            StreamsStateSync.registerCodecs(vertx.eventBus());
            vertx.eventBus()
                    .<ViewerChange>consumer(StreamsStateSync.VIEWERS, m -> {
                        there.seenElsewhere(
                                m.body().streamId(),
                                m.body().viewerId(),
                                m.body().clientAddress());
                        applied.countDown();
                    })
                    .completion()
                    .await(10, TimeUnit.SECONDS);
            start = System.nanoTime();
            for (int i = 0; i < beats; i++) {
                here.heartbeat("stream-0000000001", id(i % viewers), address(i % viewers));
            }
            applied.await(120, TimeUnit.SECONDS);
            double sharedRate = beats / ((System.nanoTime() - start) / 1e9);
            System.out.printf(
                    "counter in memory, one instance: %.0f heartbeats/s; shared with a second instance "
                            + "over the (local) event bus: %.0f heartbeats/s (%d viewers, %d heartbeats)%n",
                    aloneRate, sharedRate, viewers, beats);
        } finally {
            vertx.close().await(10, TimeUnit.SECONDS);
        }
    }

    private static String id(int viewer) {
        return String.format("bench-viewer-%08d", viewer);
    }

    private static String address(int viewer) {
        return "10.1." + (viewer >> 8 & 255) + "." + (viewer & 255);
    }

    /** Heartbeats answered per second, {@code inFlight} at a time, each viewer from its own forwarded address. */
    private static double run(StreamsHarness harness, String id, int seconds, int inFlight, int viewers)
            throws Exception {
        AtomicLong done = new AtomicLong();
        AtomicLong next = new AtomicLong();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        long start = System.nanoTime();
        Promise<Void> finished = Promise.promise();
        AtomicLong running = new AtomicLong(inFlight);
        for (int i = 0; i < inFlight; i++) {
            harness.vertx.runOnContext(v -> loop(harness, id, viewers, end, next, done, running, finished));
        }
        finished.future().await(seconds + 60L, TimeUnit.SECONDS);
        return done.get() / ((System.nanoTime() - start) / 1e9);
    }

    private static void loop(
            StreamsHarness harness,
            String id,
            int viewers,
            long end,
            AtomicLong next,
            AtomicLong done,
            AtomicLong running,
            Promise<Void> finished) {
        if (System.nanoTime() >= end) {
            if (running.decrementAndGet() == 0) {
                finished.tryComplete();
            }
            return;
        }
        long n = next.getAndIncrement() % viewers;
        Future<?> beat = harness.client
                .post("/api/streams/" + id + "/viewers/heartbeat")
                .sendJsonObject(new JsonObject().put("viewerId", id((int) n)));
        beat.onComplete(r -> {
            if (r.succeeded()) {
                done.incrementAndGet();
            }
            loop(harness, id, viewers, end, next, done, running, finished);
        });
    }
}
