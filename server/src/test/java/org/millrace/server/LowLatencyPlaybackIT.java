package org.millrace.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
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

import io.vertx.core.json.JsonObject;

/**
 * The end-to-end tests of low-latency live, against one all-in-one server and one real SRT publisher (Debian's
 * ffmpeg): hls.js and Shaka Player, each in low-latency mode in Debian's chromium (e2e/ll-playback.mjs), play the
 * live master playlist near its live edge; and FFmpeg's HLS demuxer (a classic client) reads the same URL. The
 * publisher sends 640x480, so the ladder is the copied source and one encoded rung (360p): both kinds of rendition,
 * at a cost a loaded 2-core machine keeps up with in real time.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(OrderAnnotation.class)
class LowLatencyPlaybackIT {
    /** Enough media for every test in order. */
    private static final int PUBLISH_SECONDS = 300;
    /** Start-up on a loaded machine is slow; once playing, the assertions below are strict. */
    private static final Duration BROWSER_LIMIT = Duration.ofSeconds(150);
    /** Median distance from the live edge while playing steadily, in seconds, per player. */
    private static final double HLS_JS_EDGE_LIMIT = 12.0;
    private static final double SHAKA_EDGE_LIMIT = 12.0;

    private Path ts;
    private Path artifacts;
    private AllInOneServer server;
    private ApiClient api;
    private String streamId;
    private String srtUrl;
    private String base;
    private String master;
    private volatile Process publisher;

    @BeforeAll
    void publish(@TempDir Path data) throws Exception {
        artifacts = BrowserRun.artifacts();
        ts = TestMedia.vgaPattern(data.resolve("pattern.ts"), PUBLISH_SECONDS); // before the server: encoding competes for the CPUs
        MillraceConfig config = new ConfigLoader(Map.of("MILLRACE_DATA_DIR", data.resolve("server").toString(),
                "MILLRACE_HTTP_PORT", "0", "MILLRACE_HTTP_HOST", "127.0.0.1", "MILLRACE_SRT_PORT", "0")).load();
        server = AllInOneServer.start(config);
        base = "http://127.0.0.1:" + server.httpPort();
        api = new ApiClient(config, server.httpPort());
        JsonObject stream = api.json("POST", "/api/streams", api.token("u-1", "erin"),
                new JsonObject().put("title", "Low latency"));
        streamId = stream.getString("id");
        master = base + stream.getString("playbackUrl");
        // The srtUrl the API answered, pointed at the port the ingest really bound (configured as 0).
        srtUrl = stream.getString("srtUrl").replaceFirst("//[^/?]+\\?", "//127.0.0.1:" + server.srtPort() + "?");
        publisher = TestMedia.publish(ts, srtUrl, artifacts.resolve("ll-ffmpeg.log"));
        awaitMasterPlaylist();
    }

    @AfterAll
    void stop() throws Exception {
        if (publisher != null) {
            TestMedia.stop(publisher); // before the server stops: the publish ends as when a streamer stops
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
        JsonObject summary = browser("hls", null, BROWSER_LIMIT);
        JsonObject steady = summary.getJsonObject("steady");
        assertPlayedSteadily(steady);
        assertThat(median(steady, "playerLatency")).as("hls.latency, median: %s", steady)
                .isLessThanOrEqualTo(HLS_JS_EDGE_LIMIT);
        assertThat(median(steady, "edgeDistance")).as("distance from the playlists' dated edge, median: %s", steady)
                .isLessThanOrEqualTo(HLS_JS_EDGE_LIMIT);
    }

    @Test
    @Order(2)
    void shakaInLowLatencyModePlaysNearTheLiveEdge() throws Exception {
        JsonObject summary = browser("shaka", null, BROWSER_LIMIT);
        JsonObject steady = summary.getJsonObject("steady");
        assertPlayedSteadily(steady);
        assertThat(median(steady, "edgeDistance")).as("distance from the playlists' dated edge, median: %s", steady)
                .isLessThanOrEqualTo(SHAKA_EDGE_LIMIT);
    }

    /** A classic client (no LL support): FFmpeg's HLS demuxer reads 4 s of the live master playlist and its media. */
    @Test
    @Order(3)
    void ffmpegsHlsDemuxerReadsTheLiveUrl() throws Exception {
        Path err = artifacts.resolve("ll-ffmpeg-demuxer.err.log");
        Process ffmpeg = new ProcessBuilder("ffmpeg", "-hide_banner", "-nostdin", "-v", "error", "-progress", "pipe:1",
                "-i", master, "-t", "4", "-f", "null", "-").redirectError(err.toFile()).start();
        String progress = new String(ffmpeg.getInputStream().readAllBytes());
        assertThat(ffmpeg.waitFor(60, TimeUnit.SECONDS)).as("ffmpeg ends within 60 s").isTrue();
        String stderr = Files.readString(err);
        assertThat(ffmpeg.exitValue()).as(stderr).isZero();
        assertThat(stderr).as("ffmpeg's errors").isBlank();
        assertThat(progress).as("ffmpeg's progress").contains("progress=end");
        long outMicros = progress.lines().filter(l -> l.startsWith("out_time_us=")).mapToLong(
                l -> Long.parseLong(l.substring("out_time_us=".length()).strip())).max().orElse(0);
        assertThat(outMicros / 1e6).as("seconds of media read").isGreaterThanOrEqualTo(3.5);
    }

    private JsonObject browser(String player, Path marker, Duration limit) throws Exception {
        Path screenshot = artifacts.resolve("ll-" + player + (marker == null ? "" : "-reconnect") + ".png");
        Files.deleteIfExists(screenshot); // a previous run's must not count for this one
        List<String> arguments = new java.util.ArrayList<>(List.of(base, streamId,
                screenshot.toAbsolutePath().toString(), player));
        if (marker != null) {
            arguments.add(marker.toAbsolutePath().toString());
        }
        JsonObject summary = BrowserRun.run(BrowserRun.e2eDir(), "ll-playback.mjs", screenshot, limit, arguments);
        Files.writeString(screenshot.resolveSibling(screenshot.getFileName().toString().replace(".png", ".json")),
                summary.encodePrettily()); // the measurements, for the report
        assertThat(publisher.isAlive()).as("still publishing: the browser played a live edge").isTrue();
        assertThat(summary.getBoolean("ok")).isTrue();
        return summary;
    }

    /** Media advanced with wall time (no stall, no pause) while it was measured. */
    private static void assertPlayedSteadily(JsonObject measured) {
        assertThat(measured.getDouble("mediaPerWallSecond")).as("media seconds per wall second: %s", measured)
                .isBetween(0.8, 1.25);
        assertThat(measured.getInteger("pausedSamples")).as("paused while measured: %s", measured).isZero();
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
