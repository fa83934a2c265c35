package org.millrace.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
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
 * Issue 12, storage down, seen from a live viewer: Debian's ffmpeg publishes over SRT into the all-in-one server, a
 * viewer polls the master and a media playlist, and the storage's live directory becomes unreadable for 10 s. The
 * gateway answers both playlists with what it last served (200, marked stale) instead of 503, so a player keeps
 * waiting rather than giving up; once storage is back the media playlist moves on with new segments.
 */
class LivePlaylistsThroughStorageOutageTest {
    private static final int SECONDS = 30;
    private static final int OUTAGE_AT = 6;
    private static final int OUTAGE_SECONDS = 10;
    /** Time for what was stored before the outage to be announced (a part target and the bus, with room). */
    private static final int SETTLED_AFTER = 2;

    @TempDir
    Path data;

    @Test
    void viewersGetTheLastGoodPlaylistsThroughAStorageOutageAndNewOnesAfter() throws Exception {
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
            String owner = api.token("u-ida", "ida");
            JsonObject stream = api.json("POST", "/api/streams", owner, new JsonObject().put("title", "Viewers"));
            String id = stream.getString("id");
            String master = stream.getString("playbackUrl");
            String srtUrl = stream.getString("srtUrl").replaceFirst(":0\\?", ":" + server.srtPort() + "?");
            Process ffmpeg = TestMedia.publish(ts, srtUrl, data.resolve("ffmpeg.log"));
            try {
                long liveAt = api.awaitStreamStatus(id, "live", 20);
                String sessionId =
                        api.json("GET", "/api/streams/" + id, null, null).getString("sessionId");
                String media = "/live/" + id + "/" + sessionId + "/source/index.m3u8";
                awaitOk(api, master);
                awaitOk(api, media);
                ApiClient.sleepUntil(liveAt, OUTAGE_AT);
                try (LocalStorageOutage outage = new LocalStorageOutage(bucket.resolve("live"))) {
                    // What the viewer last got, served just before storage goes.
                    String lastMaster = fresh(api.get(master, null));
                    String lastMedia = fresh(api.get(media, null));
                    outage.begin();
                    long outageStarted = System.nanoTime();
                    long outageEnds = outageStarted + TimeUnit.SECONDS.toNanos(OUTAGE_SECONDS);
                    String settled = null;
                    int polls = 0;
                    while (System.nanoTime() < outageEnds) {
                        assertStale(api.get(master, null), lastMaster, "master during the outage");
                        String during = assertStale(api.get(media, null), "media playlist during the outage");
                        // A part stored just before the outage may be announced just after it: the copy may be
                        // newer than the last one fetched, never older; once that settled, it must not move.
                        assertThat(PreloadHint.of(during).position())
                                .as("media playlist during the outage:\n" + during + "\nthe last before:\n" + lastMedia)
                                .isGreaterThanOrEqualTo(
                                        PreloadHint.of(lastMedia).position());
                        if (System.nanoTime() - outageStarted > TimeUnit.SECONDS.toNanos(SETTLED_AFTER)) {
                            if (settled == null) {
                                settled = during;
                            }
                            assertThat(during)
                                    .as("media playlist during the outage, once settled")
                                    .isEqualTo(settled);
                        }
                        polls++;
                        Thread.sleep(500);
                    }
                    assertThat(polls).isGreaterThan(5);
                    outage.restore();
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                    String after = lastMedia;
                    while (System.nanoTime() < deadline && segments(after) <= segments(lastMedia)) {
                        Thread.sleep(200);
                        HttpResponse<String> response = api.get(media, null);
                        if (response.statusCode() == 200
                                && response.headers()
                                        .firstValue("Millrace-Stale")
                                        .isEmpty()) {
                            after = response.body();
                        }
                    }
                    assertThat(segments(after))
                            .as("new segments once storage is back:\n" + after)
                            .isGreaterThan(segments(lastMedia));
                    assertThat(fresh(api.get(master, null))).isEqualTo(lastMaster);
                }
            } finally {
                SrtPublisher.stop(ffmpeg);
            }
        }
    }

    private static String fresh(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Millrace-Stale")).isEmpty();
        return response.body();
    }

    private static void assertStale(HttpResponse<String> response, String expected, String what) {
        assertThat(assertStale(response, what)).as(what).isEqualTo(expected);
    }

    /** The body of a playlist answered through the outage: 200, from memory or marked as the last good copy. */
    private static String assertStale(HttpResponse<String> response, String what) {
        assertThat(response.statusCode()).as(what + ": " + response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/vnd.apple.mpegurl");
        // A gateway following the stream's LL-HLS updates answers from memory (its copy is the last good one, and
        // nothing new comes while the transcoder cannot store) until the updates stop for long enough; then from
        // the last good copy, marked stale and not to be kept.
        if (response.headers().firstValue("Millrace-Stale").isPresent()) {
            assertThat(response.headers().firstValue("Millrace-Stale")).hasValue("storage-unavailable");
            assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-cache");
        } else {
            assertThat(response.headers().firstValue("Cache-Control")).as(what).hasValue("public, max-age=1");
        }
        return response.body();
    }

    private static long segments(String playlist) {
        return playlist.lines().filter(l -> l.endsWith(".m4s")).count();
    }

    private static void awaitOk(ApiClient api, String path) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (api.get(path, null).statusCode() != 200) {
            assertThat(System.nanoTime()).as(path + " never served").isLessThan(deadline);
            Thread.sleep(100);
        }
    }
}
