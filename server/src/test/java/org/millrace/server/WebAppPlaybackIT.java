package org.millrace.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.millrace.core.config.ConfigLoader;
import org.millrace.core.config.MillraceConfig;

import io.vertx.core.json.JsonObject;

/**
 * The web app (web/, served by the all-in-one gateway) in a real browser while a stream is published over SRT:
 * register, find the stream on the home page, watch it (quality switch, J off the live edge, LIVE back, the help);
 * after the stream ends, the recording is in the library and plays on its page. Screenshots of each page are left
 * in the e2e artifacts. The creator dashboard is not built yet; the stream is created through the API.
 */
class WebAppPlaybackIT {
    private static final int SECONDS = 50;

    @TempDir
    Path data;

    @Test
    void aViewerWatchesLiveAndThenTheRecordingInTheWebApp() throws Exception {
        Path e2e = Path.of(System.getProperty("millrace.e2eDir", "../e2e")).toAbsolutePath().normalize();
        Path artifacts = Path.of(System.getProperty("millrace.e2eArtifacts", "target/e2e-artifacts"));
        Files.createDirectories(artifacts);
        Path ts = TestMedia.testPattern(data.resolve("pattern.ts"), SECONDS);

        MillraceConfig config = new ConfigLoader(Map.of("MILLRACE_DATA_DIR", data.toString(),
                "MILLRACE_HTTP_PORT", "0", "MILLRACE_HTTP_HOST", "127.0.0.1", "MILLRACE_SRT_PORT", "0",
                "MILLRACE_RECONNECT_GRACE_SECONDS", "2")).load();
        try (AllInOneServer server = AllInOneServer.start(config);
             ApiClient api = new ApiClient(config, server.httpPort())) {
            String owner = api.token("u-wes", "wes");
            JsonObject stream = api.json("POST", "/api/streams", owner, new JsonObject().put("title", "Web show"));
            String streamId = stream.getString("id");
            String srtUrl = stream.getString("srtUrl")
                    .replaceFirst("//[^/?]+\\?", "//127.0.0.1:" + server.srtPort() + "?");
            Process ffmpeg = TestMedia.publish(ts, srtUrl, artifacts.resolve("web-ffmpeg.log"));
            try {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (api.get(stream.getString("playbackUrl"), null).statusCode() != 200) {
                    assertThat(System.nanoTime()).as("the live playlist appears").isLessThan(deadline);
                    Thread.sleep(250);
                }
                JsonObject watched = BrowserRun.run(e2e, "web-app.mjs", api.base, "live:" + streamId,
                        artifacts.resolve("web-app-live.png"));
                assertThat(watched.getBoolean("ok")).isTrue();
                assertThat(watched.getJsonArray("qualities").getList()).contains("Auto", "720p", "480p", "360p");
                assertThat(watched.getInteger("heightAfterSwitch")).isEqualTo(360);
                assertThat(watched.getDouble("advanced")).isGreaterThanOrEqualTo(2.0);
                assertThat(ffmpeg.isAlive()).as("still live while the browser watched").isTrue();
            } finally {
                TestMedia.stop(ffmpeg);
            }

            JsonObject video = RecordingPlaybackIT.awaitVideo(api, owner, "u-wes");
            JsonObject replayed = BrowserRun.run(e2e, "web-app.mjs", api.base, "vod:" + video.getString("id"),
                    artifacts.resolve("web-app-vod.png"));
            assertThat(replayed.getBoolean("ok")).isTrue();
            assertThat(replayed.getDouble("advanced")).isGreaterThanOrEqualTo(2.0);
            for (String page : new String[] {"web-home.png", "web-watch-live.png", "web-videos.png",
                    "web-watch-video.png"}) {
                assertThat(artifacts.resolve(page)).isNotEmptyFile();
            }
        }
    }
}
