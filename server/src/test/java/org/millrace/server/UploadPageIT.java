package org.millrace.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.millrace.core.config.ConfigLoader;
import org.millrace.core.config.MillraceConfig;
import org.millrace.testkit.Commands;

/**
 * A creator uploads a video through the web app's upload page in a real browser (e2e/upload-page.mjs, Debian's
 * chromium) against the all-in-one server, transcode worker included: the transfer (throttled to 3 MiB/s) shows
 * progress, speed and time left; a reload mid-transfer leaves it stopped part-way and choosing the same file resumes
 * it from the server's offset (a HEAD, then PATCHes, no second POST) with the details given before; pause and resume
 * work; once sent it goes queued → processing → ready and its link plays the video; a file over the server's limit
 * is refused with that limit before any byte is sent.
 */
class UploadPageIT {
    /** Small enough that the too-large file stays sparse and cheap; the upload itself is about 24 MB. */
    private static final long MAX_BYTES = 64L * 1024 * 1024;

    @TempDir
    Path data;

    @Test
    void aCreatorUploadsResumesAfterAReloadAndWatchesTheVideo() throws Exception {
        Path artifacts = BrowserRun.artifacts();
        // Over 2.5 tus chunks (8 MiB), so the reload comes after a whole chunk is stored: constant bitrate with filler.
        Path media = data.resolve("holiday.mp4");
        Commands.run(
                List.of(
                        "ffmpeg",
                        "-y",
                        "-v",
                        "error",
                        "-f",
                        "lavfi",
                        "-i",
                        "testsrc2=size=640x360:rate=30:duration=10",
                        "-f",
                        "lavfi",
                        "-i",
                        "sine=duration=10",
                        "-c:v",
                        "libx264",
                        "-preset",
                        "ultrafast",
                        "-pix_fmt",
                        "yuv420p",
                        "-g",
                        "60",
                        "-b:v",
                        "20M",
                        "-minrate",
                        "20M",
                        "-maxrate",
                        "20M",
                        "-bufsize",
                        "20M",
                        "-x264-params",
                        "nal-hrd=cbr",
                        "-c:a",
                        "aac",
                        media.toString()),
                120);
        assertThat(Files.size(media)).isGreaterThan(21L * 1024 * 1024);
        Path tooLarge = data.resolve("too-large.mp4");
        try (RandomAccessFile sparse = new RandomAccessFile(tooLarge.toFile(), "rw")) {
            sparse.setLength(MAX_BYTES + 1);
        }
        MillraceConfig config = new ConfigLoader(Map.of(
                        "MILLRACE_DATA_DIR",
                        data.resolve("server").toString(),
                        "MILLRACE_HTTP_PORT",
                        "0",
                        "MILLRACE_HTTP_HOST",
                        "127.0.0.1",
                        "MILLRACE_SRT_PORT",
                        "0",
                        "MILLRACE_UPLOAD_MAX_BYTES",
                        Long.toString(MAX_BYTES)))
                .load();
        try (AllInOneServer server = AllInOneServer.start(config);
                ApiClient api = new ApiClient(config, server.httpPort())) {
            Path screenshot = artifacts.resolve("upload-page.png");
            JsonObject j = BrowserRun.run(
                    BrowserRun.e2eDir(),
                    "upload-page.mjs",
                    screenshot,
                    Duration.ofSeconds(300),
                    List.of(api.base, media.toString(), screenshot.toString(), tooLarge.toString(), "ready"));
            assertThat(j.getBoolean("ok")).isTrue();
            assertThat(j.getInteger("pickerKeys"))
                    .as("the file picker reached with Tab")
                    .isPositive();
            // Progress as the creator sees it, past the first chunk.
            JsonObject figures = j.getJsonObject("figures");
            assertThat(figures.getString("speed")).as("%s", figures).isNotEqualTo("—");
            assertThat(figures.getString("left")).as("%s", figures).endsWith("left");
            // The reload: stopped part-way, then resumed from the server's offset, one creation only.
            assertThat(j.getString("stoppedText"))
                    .as("the list row after the reload")
                    .contains("Stopped at");
            assertThat(j.getLong("firstPatchOffsetAfterReload"))
                    .as("the first PATCH after the reload")
                    .isGreaterThanOrEqualTo(8L * 1024 * 1024);
            assertThat(j.getInteger("posts")).as("tus creations").isEqualTo(1);
            assertThat(j.getString("resumedTitle"))
                    .as("the details given before the reload")
                    .startsWith(j.getString("title") + " holiday.mp4");
            assertThat(j.getBoolean("allAuthorized")).isTrue();
            // Processed into a video that plays, with the details given up front.
            assertThat(j.getJsonArray("states").getList())
                    .as("the states shown")
                    .contains("Ready");
            assertThat(j.getString("watchedTitle")).isEqualTo(j.getString("title"));
            JsonObject upload = new JsonObject(
                    api.get("/api/videos/" + j.getString("videoId"), null).body());
            assertThat(upload.getString("title")).isEqualTo(j.getString("title"));
            assertThat(upload.getString("description")).isEqualTo("Uploaded by the end-to-end test");
            assertThat(upload.getJsonArray("tags").getList()).containsExactly("e2e", "upload");
            assertThat(upload.getString("visibility")).isEqualTo("unlisted");
            // Over the limit: said before any byte.
            assertThat(j.getString("tooLargeMessage"))
                    .as("the too-large file's message")
                    .contains("up to 64 ");
        }
    }
}
