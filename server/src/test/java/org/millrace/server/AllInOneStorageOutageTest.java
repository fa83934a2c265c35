package org.millrace.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.millrace.core.config.ConfigLoader;
import org.millrace.core.config.MillraceConfig;
import org.millrace.core.testing.LocalStorageOutage;
import org.millrace.testkit.SrtPublisher;

/**
 * Issue 12, storage down: Debian's ffmpeg publishes 40 s over SRT into the all-in-one server while its local storage
 * fails every write for 12 s (the live directory replaced by a file). The publisher stays on air, the segments cut
 * meanwhile wait in the spool and reach storage once it is back, the playlists list every segment with no gap, and
 * the recording covers the whole session.
 */
class AllInOneStorageOutageTest {
    private static final int SECONDS = 40;
    private static final int OUTAGE_AT = 8;
    private static final int OUTAGE_SECONDS = 12;

    @TempDir
    Path data;

    @Test
    void aStreamThroughAStorageOutageIsCompleteLiveAndRecorded() throws Exception {
        Path ts = TestMedia.testPattern(data.resolve("pattern.ts"), SECONDS);
        MillraceConfig config = new ConfigLoader(Map.of(
                        "MILLRACE_DATA_DIR",
                        data.toString(),
                        "MILLRACE_HTTP_PORT",
                        "0",
                        "MILLRACE_HTTP_HOST",
                        "127.0.0.1",
                        "MILLRACE_SRT_PORT",
                        "0",
                        "MILLRACE_RECONNECT_GRACE_SECONDS",
                        "2"))
                .load();
        Path bucket = config.storageRoot().resolve(config.storageBucket());
        try (AllInOneServer server = AllInOneServer.start(config);
                ApiClient api = new ApiClient(config, server.httpPort())) {
            String owner = api.token("u-ola", "ola");
            JsonObject stream = api.json("POST", "/api/streams", owner, new JsonObject().put("title", "Outage"));
            String id = stream.getString("id");
            String srtUrl = stream.getString("srtUrl").replaceFirst(":0\\?", ":" + server.srtPort() + "?");
            Process ffmpeg = TestMedia.publish(ts, srtUrl, data.resolve("ffmpeg.log"));
            String sessionId;
            try {
                long liveAt = api.awaitStreamStatus(id, "live", 20);
                sessionId = api.json("GET", "/api/streams/" + id, null, null).getString("sessionId");
                Path live = bucket.resolve("live/" + id + "/" + sessionId);
                ApiClient.sleepUntil(liveAt, OUTAGE_AT);
                try (LocalStorageOutage outage = new LocalStorageOutage(bucket.resolve("live"))) {
                    outage.begin();
                    Thread.sleep(TimeUnit.SECONDS.toMillis(OUTAGE_SECONDS));
                    assertThat(api.json("GET", "/api/streams/" + id, null, null).getString("status"))
                            .as("on air through the outage")
                            .isEqualTo("live");
                    assertThat(ffmpeg.isAlive())
                            .as("the publisher is still sending")
                            .isTrue();
                }
                assertThat(ffmpeg.waitFor(SECONDS + 30, TimeUnit.SECONDS)).isTrue();
                assertThat(ffmpeg.exitValue())
                        .as(Files.readString(data.resolve("ffmpeg.log")))
                        .isZero();
                for (String r : new String[] {"source", "480p", "360p", "audio"}) {
                    String playlist = awaitEnded(live.resolve(r + "/index.m3u8"));
                    assertThat(playlist).as(r).doesNotContain("#EXT-X-GAP").doesNotContain("#EXT-X-DISCONTINUITY");
                    long segments =
                            playlist.lines().filter(l -> l.endsWith(".m4s")).count();
                    // The pattern has a keyframe every 2 s: the copied source is cut there, the rest at the target.
                    double length = r.equals("source")
                            ? 2.0
                            : config.liveHls().segmentTarget().toMillis() / 1000.0;
                    long expected = Math.round(SECONDS / length);
                    assertThat(segments).as(r + " segments").isBetween(expected - 1, expected + 1);
                    for (int i = 0; i < segments; i++) {
                        assertThat(playlist).contains("\n" + i + ".m4s\n");
                        assertThat(live.resolve(r + "/" + i + ".m4s"))
                                .as(r + " " + i)
                                .exists();
                    }
                }
            } finally {
                SrtPublisher.stop(ffmpeg);
            }
            JsonObject video = RecordingPlaybackIT.awaitVideo(api, owner, "u-ola");
            assertThat(video.getString("streamId")).isEqualTo(id);
            assertThat(video.getDouble("durationSeconds"))
                    .as("recorded seconds, no hole")
                    .isBetween(SECONDS - 2.5, SECONDS + 1.0);
        }
    }

    /**
     * The publisher leaves, and the session ends, while storage is still down: the recording waits for the spool to
     * reach storage (the live playlists ended) instead of recording what is there, or nothing.
     */
    @Test
    void aSessionEndingDuringTheOutageIsRecordedWholeOnceStorageIsBack() throws Exception {
        int seconds = 14;
        Path ts = TestMedia.testPattern(data.resolve("short.ts"), seconds);
        MillraceConfig config = new ConfigLoader(Map.of(
                        "MILLRACE_DATA_DIR",
                        data.toString(),
                        "MILLRACE_HTTP_PORT",
                        "0",
                        "MILLRACE_HTTP_HOST",
                        "127.0.0.1",
                        "MILLRACE_SRT_PORT",
                        "0",
                        "MILLRACE_RECONNECT_GRACE_SECONDS",
                        "1",
                        "MILLRACE_RECORDING_RETRY_SECONDS",
                        "1,2"))
                .load();
        Path bucket = config.storageRoot().resolve(config.storageBucket());
        try (AllInOneServer server = AllInOneServer.start(config);
                ApiClient api = new ApiClient(config, server.httpPort())) {
            String owner = api.token("u-eva", "eva");
            JsonObject stream = api.json("POST", "/api/streams", owner, new JsonObject().put("title", "Cut"));
            String id = stream.getString("id");
            String srtUrl = stream.getString("srtUrl").replaceFirst(":0\\?", ":" + server.srtPort() + "?");
            Process ffmpeg = TestMedia.publish(ts, srtUrl, data.resolve("ffmpeg.log"));
            try (LocalStorageOutage outage = new LocalStorageOutage(bucket.resolve("live"))) {
                long liveAt = api.awaitStreamStatus(id, "live", 20);
                ApiClient.sleepUntil(liveAt, 6);
                outage.begin();
                assertThat(ffmpeg.waitFor(seconds + 20, TimeUnit.SECONDS)).isTrue();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (!"offline"
                        .equals(api.json("GET", "/api/streams/" + id, null, null)
                                .getString("status"))) {
                    assertThat(System.nanoTime()).as("session ended").isLessThan(deadline);
                    Thread.sleep(100);
                }
                // Longer than the recorder's three attempts (at 0, 1 and 3 s) at the session while storage is down:
                // waiting for storage must cost none of them.
                Thread.sleep(6_000);
            } finally {
                SrtPublisher.stop(ffmpeg);
            }
            JsonObject video = RecordingPlaybackIT.awaitVideo(api, owner, "u-eva");
            assertThat(video.getDouble("durationSeconds"))
                    .as("recorded seconds, no hole")
                    .isBetween(seconds - 2.5, seconds + 1.0);
        }
    }

    private static String awaitEnded(Path playlist) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        String text = "";
        while (System.nanoTime() < deadline) {
            text = Files.exists(playlist) ? Files.readString(playlist) : "";
            if (text.endsWith("#EXT-X-ENDLIST\n")) {
                return text;
            }
            Thread.sleep(100);
        }
        throw new AssertionError(playlist + " never ended:\n" + text);
    }
}
