package org.millrace.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer.OrderAnnotation;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.millrace.core.config.ConfigLoader;
import org.millrace.core.config.MillraceConfig;
import org.millrace.testkit.SrtPublisher;

/**
 * The issue's end-to-end tests of low-latency live, against one all-in-one server and one real SRT publisher (Debian's
 * ffmpeg): hls.js in low-latency mode in Debian's chromium (e2e/ll-playback.mjs) plays the live master playlist
 * near its live edge, from LL-HLS playlists (parts, blocking reload); and FFmpeg's HLS demuxer (a classic client) reads
 * the same URL; and a publisher that drops and comes back does not stop hls.js: the playlists are not ended (no
 * EXT-X-ENDLIST), they go on after a discontinuity (the numbers the old publisher left open listed as gaps), and a
 * blocking reload held across the gap is answered by the resumed publisher's first part (or 503 after its hold).
 * Shaka Player in low-latency mode plays the same URL near its edge too (the same script with {@code shaka}). The
 * publisher sends 640x480, so the ladder is the copied source and one
 * encoded rung (360p): both kinds of rendition, at a cost a loaded 2-core machine keeps up with in real time. All
 * tests share the one server and publisher (in order).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(OrderAnnotation.class)
class LowLatencyPlaybackIT {
    /** Enough media for every test in order. */
    private static final int PUBLISH_SECONDS = 300;
    /** Start-up on a loaded machine is slow; once playing, the assertions below are strict. */
    private static final Duration BROWSER_LIMIT = Duration.ofSeconds(150);
    /**
     * Median distance from the live edge while playing steadily, in seconds: under a classic client's HOLD-BACK (6 s).
     * Measured 2.2, 3.5 and 2.2 s on the loaded 2-core machine: each stall there moves hls.js's target from
     * PART-HOLD-BACK (1 s) 0.5 s further back. The ≤ 2 s glass-to-glass target is bench/'s to measure.
     */
    private static final double EDGE_LIMIT = 4.0;
    /** Long enough for start-up, the reconnect and both measurements on a loaded machine. */
    private static final Duration RECONNECT_LIMIT = Duration.ofSeconds(260);
    /** The server's part target (MILLRACE_HLS_PART_MS, 200 by default), as the playlists say it. */
    private static final double PART_TARGET = 0.2;

    private Path ts;
    private Path artifacts;
    private AllInOneServer server;
    private ApiClient api;
    private String streamId;
    private String base;
    private String master;
    private Process publisher;
    private String srtUrl;
    private int publishers;

    @BeforeAll
    void publish(@TempDir Path data) throws Exception {
        artifacts = BrowserRun.artifacts();
        ts = TestMedia.vgaPattern(
                data.resolve("pattern.ts"), PUBLISH_SECONDS); // before the server: encoding competes for the CPUs
        MillraceConfig config = new ConfigLoader(Map.of(
                        "MILLRACE_DATA_DIR",
                        data.resolve("server").toString(),
                        "MILLRACE_HTTP_PORT",
                        "0",
                        "MILLRACE_HTTP_HOST",
                        "127.0.0.1",
                        "MILLRACE_SRT_PORT",
                        "0"))
                .load();
        server = AllInOneServer.start(config);
        base = "http://127.0.0.1:" + server.httpPort();
        api = new ApiClient(config, server.httpPort());
        JsonObject stream = api.json(
                "POST", "/api/streams", api.token("u-1", "erin"), new JsonObject().put("title", "Low latency"));
        streamId = stream.getString("id");
        master = base + stream.getString("playbackUrl");
        // The srtUrl the API answered, pointed at the port the ingest really bound (configured as 0).
        srtUrl = stream.getString("srtUrl").replaceFirst("//[^/?]+\\?", "//127.0.0.1:" + server.srtPort() + "?");
        publisher = newPublisher();
        awaitMasterPlaylist();
        // Joined 1.5 s into the stream, hls.js stalled once in two runs on the quiet machine over the first segments'
        // audio/video start offset (bufferSeekOverHole); this test is about the steady edge, so it joins 6 s in
        // (LiveBrowserPlaybackIT covers joining at the very start).
        awaitCompleteSegments(3);
    }

    /** The 360p media playlist's URL, as the master names it. */
    private String rendition360p() throws Exception {
        String variant = text(master)
                .lines()
                .filter(l -> !l.startsWith("#") && l.contains("360p/index.m3u8"))
                .findFirst()
                .orElseThrow();
        return URI.create(master).resolve(variant).toString();
    }

    /** Polls the 360p rendition until it lists {@code count} complete segments. */
    private void awaitCompleteSegments(int count) throws Exception {
        String rendition = rendition360p();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (text(rendition).lines().filter(l -> l.matches("\\d+\\.m4s")).count() < count) {
            assertThat(System.nanoTime())
                    .as("%d segments listed within 60 s", count)
                    .isLessThan(deadline);
            Thread.sleep(250);
        }
    }

    @AfterAll
    void stop() throws Exception {
        if (publisher != null) {
            SrtPublisher.stop(publisher); // before the server stops: the publish ends as when a streamer stops
        }
        if (api != null) {
            api.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    @Order(1)
    void hlsJsInLowLatencyModePlaysNearTheLiveEdge() throws Exception {
        playsNearTheLiveEdge("hls", "playerLatency", "hls.latency");
    }

    /**
     * Shaka Player (its compiled build, low-latency mode, catching up at up to 1.15x) plays the same live URL from the
     * same LL-HLS playlists near their edge. Its recoverable errors are in the summary; a critical one fails the run.
     */
    @Test
    @Order(2)
    void shakaInLowLatencyModePlaysNearTheLiveEdge() throws Exception {
        playsNearTheLiveEdge("shaka", "seekDistance", "distance from the end of Shaka's seek range");
    }

    /**
     * The player got LL-HLS and played steadily within {@link #EDGE_LIMIT} of the playlists' dated edge, and of the
     * edge by its own {@code measure} too.
     */
    private void playsNearTheLiveEdge(String player, String measure, String what) throws Exception {
        JsonObject summary = browser(player, null, BROWSER_LIMIT);
        assertLowLatencyPlaylists(summary);
        JsonObject steady = summary.getJsonObject("steady");
        assertPlayedSteadily(steady);
        assertThat(median(steady, measure)).as("%s, median: %s", what, steady).isLessThanOrEqualTo(EDGE_LIMIT);
        assertThat(median(steady, "edgeDistance"))
                .as("distance from the playlists' dated edge, median: %s", steady)
                .isLessThanOrEqualTo(EDGE_LIMIT);
    }

    /** A classic client (no LL support): FFmpeg's HLS demuxer reads 4 s of the live master playlist and its media. */
    @Test
    @Order(3)
    void ffmpegsHlsDemuxerReadsTheLiveUrl() throws Exception {
        Path err = artifacts.resolve("ll-ffmpeg-demuxer.err.log");
        Process ffmpeg = new ProcessBuilder(
                        "ffmpeg",
                        "-hide_banner",
                        "-nostdin",
                        "-v",
                        "error",
                        "-progress",
                        "pipe:1",
                        "-i",
                        master,
                        "-t",
                        "4",
                        "-f",
                        "null",
                        "-")
                .redirectError(err.toFile())
                .start();
        String progress = new String(ffmpeg.getInputStream().readAllBytes());
        assertThat(ffmpeg.waitFor(60, TimeUnit.SECONDS))
                .as("ffmpeg ends within 60 s")
                .isTrue();
        String stderr = Files.readString(err);
        assertThat(ffmpeg.exitValue()).as(stderr).isZero();
        assertThat(stderr).as("ffmpeg's errors").isBlank();
        assertThat(progress).as("ffmpeg's progress").contains("progress=end");
        long outMicros = progress.lines()
                .filter(l -> l.startsWith("out_time_us="))
                .mapToLong(
                        l -> Long.parseLong(l.substring("out_time_us=".length()).strip()))
                .max()
                .orElse(0);
        assertThat(outMicros / 1e6).as("seconds of media read").isGreaterThanOrEqualTo(3.5);
    }

    /**
     * The publisher drops (SIGTERM: an ordinary end of publish) and a new one comes back on the same key 2 s later:
     * hls.js in low-latency mode plays on through the gap without a fatal error, never sees an ended playlist, and
     * its media time keeps advancing after the reconnect. A blocking reload asked for the next part
     * across the gap is held, then answered with it (or 503 once its hold is over).
     */
    @Test
    @Order(4)
    void aPublisherReconnectingKeepsHlsJsPlaying() throws Exception {
        JsonObject summary = throughReconnect("hls");
        JsonObject after = summary.getJsonObject("reconnect");
        assertThat(after).as("measured after the reconnect: %s", summary).isNotNull();
        assertThat(after.getDouble("recoveredAt")).isGreaterThan(after.getDouble("atMarker"));
        // Playing on, not necessarily steadily yet: one run in three on the quiet machine stalled once for 2-5 s in
        // the 10 s after (bufferSeekOverHole: hls.js crossing the discontinuity), 0.49 media s per wall s.
        assertThat(after.getInteger("pausedSamples"))
                .as("paused after the reconnect: %s", after)
                .isZero();
        assertThat(after.getDouble("mediaPerWallSecond"))
                .as("media seconds per wall second after the reconnect: %s", after)
                .isGreaterThan(0.3);
    }

    /** Runs the player through a reconnect of the publisher; answers the summary, checked for playlists not ended. */
    private JsonObject throughReconnect(String player) throws Exception {
        Path marker = artifacts.resolve("ll-" + player + "-reconnect.marker");
        Files.deleteIfExists(marker);
        Path playing = marker.resolveSibling(marker.getFileName() + ".playing");
        Files.deleteIfExists(playing);
        CompletableFuture<JsonObject> run = CompletableFuture.supplyAsync(() -> {
            try {
                return browser(player, marker, RECONNECT_LIMIT);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        long deadline = System.nanoTime() + RECONNECT_LIMIT.toNanos();
        while (!Files.exists(playing) && !run.isDone() && System.nanoTime() < deadline) {
            Thread.sleep(250);
        }
        assertThat(Files.exists(playing))
                .as("the player played before the reconnect")
                .isTrue();
        String rendition = rendition360p();
        SrtPublisher.stop(publisher);
        // The old publisher's last frames are still being packaged: once the playlist stands still, its preload hint
        // names the first part only the resumed publisher can make.
        String between = settled(rendition);
        assertThat(between).as("the playlist while the publisher is away").doesNotContain("#EXT-X-ENDLIST");
        PreloadHint hint = PreloadHint.of(between);
        // Held across the gap: answered once the resumed publisher's first part exists, or 503 after the hold.
        long askedAt = System.nanoTime();
        CompletableFuture<HttpResponse<String>> held = http.sendAsync(
                HttpRequest.newBuilder(URI.create(rendition + "?_HLS_msn=" + hint.msn() + "&_HLS_part=" + hint.part()))
                        .timeout(Duration.ofSeconds(30))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        Thread.sleep(1_000);
        publisher = newPublisher();
        HttpResponse<String> answer = held.get(30, TimeUnit.SECONDS);
        double heldSeconds = (System.nanoTime() - askedAt) / 1e9;
        if (answer.statusCode() == 200) {
            assertThat(answer.body())
                    .as("held " + heldSeconds + " s")
                    .contains("#EXT-X-DISCONTINUITY")
                    .doesNotContain("#EXT-X-ENDLIST");
        } else {
            assertThat(answer.statusCode())
                    .as("held " + heldSeconds + " s: " + answer.body())
                    .isEqualTo(503);
            assertThat(heldSeconds).as("503 only once the hold is over").isGreaterThan(4.0);
        }
        String resumed = awaitDiscontinuity(rendition);
        assertNumberedByPosition(resumed);
        Files.writeString(marker, "reconnected");
        JsonObject summary = run.get(RECONNECT_LIMIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(summary.getInteger("endLists"))
                .as("ended playlists the player loaded: %s", summary)
                .isZero();
        assertThat(summary.getInteger("discontinuityLoads"))
                .as("playlists with the reconnect's discontinuity")
                .isPositive();
        return summary;
    }

    private final HttpClient http = HttpClient.newHttpClient();

    private String text(String url) throws Exception {
        HttpResponse<String> r =
                http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("GET " + url).isEqualTo(200);
        return r.body();
    }

    /** The playlist once it has not changed for 1.5 s (at most 20 s). */
    private String settled(String rendition) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        String last = text(rendition);
        long sameSince = System.nanoTime();
        while (System.nanoTime() - sameSince < TimeUnit.MILLISECONDS.toNanos(1_500)) {
            assertThat(System.nanoTime())
                    .as("the playlist stands still within 20 s")
                    .isLessThan(deadline);
            Thread.sleep(100);
            String now = text(rendition);
            if (!now.equals(last)) {
                last = now;
                sameSince = System.nanoTime();
            }
        }
        return last;
    }

    /** Waits until the playlist lists a part or segment after the reconnect's discontinuity; answers that text. */
    private String awaitDiscontinuity(String rendition) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        for (; ; ) {
            String text = text(rendition);
            int at = text.indexOf("#EXT-X-DISCONTINUITY\n");
            if (at >= 0 && text.indexOf(".m4s", at) > 0) {
                return text;
            }
            assertThat(System.nanoTime())
                    .as("the resumed publisher listed within 60 s")
                    .isLessThan(deadline);
            Thread.sleep(250);
        }
    }

    /**
     * Each segment's URI is its place in the playlist (MEDIA-SEQUENCE plus its index), as players number them, and so
     * is each part's segment number: the numbers the dropped publisher left are gaps, not a jump.
     */
    private static void assertNumberedByPosition(String playlist) {
        long sequence = playlist.lines()
                .filter(l -> l.startsWith("#EXT-X-MEDIA-SEQUENCE:"))
                .mapToLong(l -> Long.parseLong(l.substring(22)))
                .findFirst()
                .orElseThrow();
        for (String line : playlist.lines().toList()) {
            if (line.matches("\\d+\\.m4s")) {
                assertThat(line)
                        .as("segment at position %d of%n%s", sequence, playlist)
                        .isEqualTo(sequence + ".m4s");
                sequence++;
            } else if (line.startsWith("#EXT-X-PART:")) {
                assertThat(line)
                        .as("part of the segment at position %d of%n%s", sequence, playlist)
                        .contains("URI=\"" + sequence + ".");
            }
        }
    }

    private Process newPublisher() throws Exception {
        return TestMedia.publish(ts, srtUrl, artifacts.resolve("ll-ffmpeg-" + publishers++ + ".log"));
    }

    private JsonObject browser(String player, Path marker, Duration limit) throws Exception {
        Path screenshot = artifacts.resolve("ll-" + player + (marker == null ? "" : "-reconnect") + ".png");
        Files.deleteIfExists(screenshot); // a previous run's must not count for this one
        List<String> arguments = new java.util.ArrayList<>(
                List.of(base, streamId, screenshot.toAbsolutePath().toString(), player));
        if (marker != null) {
            arguments.add(marker.toAbsolutePath().toString());
        }
        JsonObject summary = BrowserRun.run(BrowserRun.e2eDir(), "ll-playback.mjs", screenshot, limit, arguments);
        Files.writeString(
                screenshot.resolveSibling(screenshot.getFileName().toString().replace(".png", ".json")),
                summary.encodePrettily()); // the measurements, for the report
        assertThat(publisher.isAlive())
                .as("still publishing: the browser played a live edge")
                .isTrue();
        assertThat(summary.getBoolean("ok")).isTrue();
        return summary;
    }

    /** The player was served LL-HLS: parts of the server's target, blocking playlist reloads it used. */
    private static void assertLowLatencyPlaylists(JsonObject summary) {
        assertThat(summary.getBoolean("lowLatency"))
                .as("EXT-X-PART-INF and CAN-BLOCK-RELOAD=YES: %s", summary)
                .isTrue();
        assertThat(summary.getDouble("partTarget"))
                .as("PART-TARGET: the server's (parts of 200-500 ms)")
                .isEqualTo(PART_TARGET);
        assertThat(summary.getBoolean("canSkip")).as("CAN-SKIP-UNTIL").isTrue();
        assertThat(summary.getInteger("blockingLoads"))
                .as("playlist requests with _HLS_msn: %s", summary)
                .isPositive();
    }

    /**
     * Media advanced with wall time while it was measured, and never paused. A loaded machine costs hls.js a few
     * stalls at 1 s from the edge (0.8 of wall time measured with 4 stalls in 10 s): the summary counts them.
     */
    private static void assertPlayedSteadily(JsonObject measured) {
        assertThat(measured.getDouble("mediaPerWallSecond"))
                .as("media seconds per wall second: %s", measured)
                .isBetween(0.7, 1.25);
        assertThat(measured.getInteger("pausedSamples"))
                .as("paused while measured: %s", measured)
                .isZero();
    }

    private static double median(JsonObject measured, String distance) {
        JsonObject stats = measured.getJsonObject(distance);
        assertThat(stats).as(distance + " measured: %s", measured).isNotNull();
        return stats.getDouble("median");
    }

    /** Polls the gateway until the live master playlist answers 200: every rendition has its first segment. */
    private void awaitMasterPlaylist() throws Exception {
        int status = 0;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (status != 200 && System.nanoTime() < deadline) {
            assertThat(publisher.isAlive()).as("the publisher is still running").isTrue();
            Thread.sleep(250);
            status = api.bytes(master.substring(base.length()), Map.of()).statusCode();
        }
        assertThat(status).as("GET " + master).isEqualTo(200);
    }
}
