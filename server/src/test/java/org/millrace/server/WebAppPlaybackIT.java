package org.millrace.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.millrace.core.config.ConfigLoader;
import org.millrace.core.config.MillraceConfig;

/**
 * The web app (web/, served by the all-in-one gateway) in a real browser, a streamer's and a viewer's whole journey
 * (e2e/web-app.mjs): register, create a stream on the dashboard, publish to the SRT URL copied from it with Debian's
 * ffmpeg, the dashboard shows it live with stats and a preview, the watch page plays (quality switch, DVR seek back
 * 20 s, J, LIVE, help), the recording turns ready and its page plays, editing and hiding the video, phone-sized
 * pages. Screenshots of each page are left in the e2e artifacts.
 */
class WebAppPlaybackIT {
    /** Longer than the journey needs live (about 60 s): the script stops the publisher itself. */
    private static final int MEDIA_SECONDS = 100;

    private static final String PASSWORD = "a-long-web-password";

    @TempDir
    Path data;

    @Test
    void aStreamerGoesLiveFromTheDashboardAndViewersWatchLiveAndRecorded() throws Exception {
        Path e2e = BrowserRun.e2eDir();
        Path artifacts = BrowserRun.artifacts();
        Path ts = TestMedia.testPattern(data.resolve("pattern.ts"), MEDIA_SECONDS);
        int srtPort = FreePorts.udp();
        // The dashboard shows srt://<public host>:<SRT port>, pasted as is by the script: both must be reachable.
        MillraceConfig config = new ConfigLoader(Map.of(
                        "MILLRACE_DATA_DIR",
                        data.toString(),
                        "MILLRACE_HTTP_PORT",
                        "0",
                        "MILLRACE_HTTP_HOST",
                        "127.0.0.1",
                        "MILLRACE_SRT_PORT",
                        Integer.toString(srtPort),
                        "MILLRACE_PUBLIC_URL",
                        "http://127.0.0.1",
                        "MILLRACE_RECONNECT_GRACE_SECONDS",
                        "2"))
                .load();
        try (AllInOneServer server = AllInOneServer.start(config);
                ApiClient api = new ApiClient(config, server.httpPort())) {
            JsonObject j = BrowserRun.run(
                    e2e,
                    "web-app.mjs",
                    api.base,
                    ts.toString(),
                    artifacts.resolve("web-app.png"),
                    Duration.ofSeconds(300));
            assertThat(j.getBoolean("ok")).isTrue();

            // The dashboard: live with the SRT measures and the pipeline's frame rate and speed; reachable by Tab.
            JsonObject stats = j.getJsonObject("stats");
            assertThat(stats.getString("fps")).endsWith(" fps");
            assertThat(Double.parseDouble(stats.getString("fps").replace(" fps", "")))
                    .as("the source's 30 fps")
                    .isBetween(25.0, 35.0);
            assertThat(stats.getString("speed")).matches("\\d+\\.\\d\\dx");
            assertThat(stats.getString("bitrate")).matches("[\\d,]+ Kbps");
            assertThat(j.getInteger("dashboardKeys")).isPositive();

            // The watch page.
            assertThat(j.getJsonArray("qualities").getList()).contains("Auto", "720p", "480p", "360p");
            assertThat(j.getInteger("heightAfterSwitch")).isEqualTo(360);
            assertThat(j.getDouble("advanced")).isGreaterThanOrEqualTo(2.0);
            assertThat(j.getDouble("dvrWindow")).isGreaterThanOrEqualTo(40.0);
            assertThat(j.getDouble("playedFrom")).isCloseTo(j.getDouble("seekTarget"), within(2.0));
            assertThat(j.getDouble("behindAfterSeek")).isGreaterThan(12.0);
            assertThat(j.getDouble("jumpedByJ")).isBetween(7.0, 13.0);
            assertThat(j.getDouble("edgeGap")).isLessThanOrEqualTo(8.0);
            assertThat(j.getJsonObject("behindLive").getString("text"))
                    .as("the player's own words at the edge")
                    .endsWith(" s behind live");
            assertThat(j.getJsonObject("behindLive").getDouble("seconds")).isBetween(0.0, 8.0);
            assertThat(j.getInteger("qualityKeys")).isPositive();

            // The recording, as its owner sees it through the API: edited by the dashboard, private.
            JsonObject login = api.json(
                    "POST",
                    "/api/auth/login",
                    null,
                    new JsonObject().put("login", j.getString("user")).put("password", PASSWORD));
            String owner = login.getString("accessToken");
            String userId = login.getJsonObject("user").getString("id");
            JsonObject video = api.json("GET", "/api/videos/" + j.getString("videoId"), owner, null);
            assertThat(video.getString("title")).isEqualTo(j.getString("title") + " (edited)");
            assertThat(video.getJsonArray("tags").getList()).containsExactly("e2e", "live", "test");
            assertThat(video.getString("visibility")).isEqualTo("private");
            assertThat(video.getDouble("durationSeconds")).isGreaterThan(30.0);
            assertThat(j.getDouble("vodAdvanced")).isGreaterThanOrEqualTo(2.0);
            assertThat(j.getJsonArray("strangerStatuses").getList()).containsExactly(404, 404);
            JsonObject streams = api.json("GET", "/api/streams?owner=" + userId, null, null);
            assertThat(streams.getJsonArray("items")).hasSize(1);
            assertThat(streams.getJsonArray("items").getJsonObject(0).getString("status"))
                    .isEqualTo("offline");

            for (String page : new String[] {
                "dashboard-new",
                "dashboard-stream",
                "dashboard-live",
                "watch-live",
                "dashboard-recorded",
                "watch-video",
                "videos",
                "phone-home",
                "phone-videos",
                "phone-dashboard",
                "phone-stream",
                "phone-video",
                "phone-watch-offline"
            }) {
                assertThat(artifacts.resolve("web-" + page + ".png")).isNotEmptyFile();
            }
        }
    }
}
