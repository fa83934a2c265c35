package org.millrace.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.millrace.core.config.ConfigLoader;
import org.millrace.core.config.MillraceConfig;
import org.millrace.testkit.MediaChecks;
import org.millrace.testkit.SrtPublisher;

/**
 * Issue 6's crash acceptance: the packaged server is SIGKILLed 20 s into a stream and started again on the same
 * data; the interrupted session is closed (after the reconnect grace) and recorded from what reached storage.
 */
class RecordingAfterKillIT {
    private static final int GRACE_SECONDS = 3;
    private static final int KILL_AFTER_SECONDS = 20;

    @TempDir
    Path data;

    @Test
    void aSessionCutBySigkillIsRecordedAfterTheRestart() throws Exception {
        Path ts = TestMedia.testPattern(data.resolve("pattern.ts"), KILL_AFTER_SECONDS + 20);
        int srtPort = FreePorts.udp();
        // A killed transcoder never ends its playlists: the recorder waits the spool's age (+ 30 s) for them.
        Map<String, String> env = Map.of(
                "MILLRACE_SRT_PORT",
                Integer.toString(srtPort),
                "MILLRACE_RECONNECT_GRACE_SECONDS",
                Integer.toString(GRACE_SECONDS),
                "MILLRACE_SPOOL_MAX_AGE_SECONDS",
                "5");
        String streamId;
        long liveFor;
        try (ServerProcess first = ServerProcess.start(data, env)) {
            // The same data directory: the generated secrets the server uses are the ones this config reads.
            MillraceConfig config = new ConfigLoader(Map.of("MILLRACE_DATA_DIR", data.toString())).load();
            try (ApiClient api = new ApiClient(config, first.port())) {
                String owner = api.token("u-kim", "kim");
                JsonObject stream = api.json("POST", "/api/streams", owner, new JsonObject().put("title", "Crash"));
                streamId = stream.getString("id");
                String srtUrl = stream.getString("srtUrl").replaceFirst("//[^/?]+\\?", "//127.0.0.1:" + srtPort + "?");
                Process ffmpeg = TestMedia.publish(ts, srtUrl, data.resolve("ffmpeg.log"));
                try {
                    long liveAt = api.awaitStreamStatus(streamId, "live", 20);
                    Thread.sleep(TimeUnit.SECONDS.toMillis(KILL_AFTER_SECONDS));
                    liveFor = (System.nanoTime() - liveAt) / 1_000_000_000L;
                    first.kill();
                } finally {
                    SrtPublisher.stop(ffmpeg);
                }
            }
        }

        try (ServerProcess second = ServerProcess.start(data, env)) {
            MillraceConfig config = new ConfigLoader(Map.of("MILLRACE_DATA_DIR", data.toString())).load();
            try (ApiClient api = new ApiClient(config, second.port())) {
                String owner = api.token("u-kim", "kim");
                JsonObject video = RecordingPlaybackIT.awaitVideo(api, owner, "u-kim");
                assertThat(video.getString("streamId")).isEqualTo(streamId);
                // What reached storage before the kill: all but the segments still being cut or uploaded.
                assertThat(video.getDouble("durationSeconds")).as(second.log()).isBetween(liveFor - 8.0, liveFor + 1.0);
                JsonObject stream = api.json("GET", "/api/streams/" + streamId, null, null);
                assertThat(stream.getString("status")).isEqualTo("offline");

                HttpResponse<byte[]> mp4 = api.bytes(video.getString("mp4Url"), Map.of());
                assertThat(mp4.statusCode()).isEqualTo(200);
                List<String> boxes = MediaChecks.topLevelBoxes(mp4.body());
                assertThat(boxes.indexOf("moov"))
                        .as("moov before mdat: " + boxes)
                        .isLessThan(boxes.indexOf("mdat"));
                Path file = Files.write(data.resolve("video.mp4"), mp4.body());
                assertThat(MediaChecks.duration(file)).isBetween(liveFor - 8.0, liveFor + 1.0);
                assertThat(MediaChecks.decodeErrors(file)).isEmpty();
                second.stop();
            }
        }
    }
}
