package org.millrace.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.millrace.core.config.ConfigLoader;
import org.millrace.core.config.MillraceConfig;
import org.millrace.core.db.Database;
import org.millrace.core.storage.Storage;
import org.millrace.core.storage.StorageFactory;
import org.millrace.testkit.Commands;
import org.millrace.testkit.MediaChecks;

/**
 * Upload transcoding end to end in the all-in-one server (which runs the transcode worker): a queued upload row with
 * its source in storage becomes a video in the library with the uploader's details, played over HTTP from
 * {@code /vod/<videoId>/} (the master, each rendition, the fast-start MP4, the poster); a job a dead worker left
 * under an expired lease is taken again and finished; a file that is no video fails with its reason; no temp file
 * is left behind.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AllInOneUploadTranscodeTest {
    @TempDir
    static Path data;

    private AllInOneServer server;
    private ApiClient api;
    private Vertx vertx;
    private Pool pool;
    private Storage storage;

    @BeforeAll
    void start() throws Exception {
        MillraceConfig config = new ConfigLoader(Map.of(
                        "MILLRACE_DATA_DIR",
                        data.toString(),
                        "MILLRACE_HTTP_PORT",
                        "0",
                        "MILLRACE_HTTP_HOST",
                        "127.0.0.1",
                        "MILLRACE_SRT_PORT",
                        "0",
                        "MILLRACE_TRANSCODE_WORKERS",
                        "2"))
                .load();
        server = AllInOneServer.start(config);
        api = new ApiClient(config, server.httpPort());
        vertx = Vertx.vertx();
        pool = Database.pool(vertx, server.database());
        storage = StorageFactory.create(config);
    }

    @AfterAll
    void stop() throws Exception {
        if (pool != null) {
            pool.close().await(10, TimeUnit.SECONDS);
            vertx.close().await(10, TimeUnit.SECONDS);
        }
        if (storage != null) {
            storage.close();
        }
        if (api != null) {
            api.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aQueuedUploadBecomesAPlayableVideoWithTheUploadersDetails() throws Exception {
        Path source = data.resolve("holiday.mp4");
        Commands.run(
                List.of(
                        "ffmpeg",
                        "-y",
                        "-v",
                        "error",
                        "-f",
                        "lavfi",
                        "-i",
                        "testsrc2=size=854x480:rate=30:duration=6",
                        "-f",
                        "lavfi",
                        "-i",
                        "sine=duration=6",
                        "-c:v",
                        "libx264",
                        "-preset",
                        "ultrafast",
                        "-pix_fmt",
                        "yuv420p",
                        "-g",
                        "60",
                        "-c:a",
                        "aac",
                        source.toString()),
                120);
        storage.put("uploads/up-holiday/source", source, "video/mp4");
        insert("up-holiday", Files.size(source), "queued", null);
        // A job a worker died with: processing, its lease run out.
        storage.put("uploads/up-orphan/source", source, "video/mp4");
        insert("up-orphan", Files.size(source), "processing", "dead-worker");

        Row ready = awaitOutcome("up-holiday");
        assertThat(ready.getString("status")).as(ready.getString("error")).isEqualTo("ready");
        assertThat(ready.getInteger("progress")).isEqualTo(100);
        String videoId = ready.getString("video_id");

        JsonObject video =
                new JsonObject(api.get("/api/videos/" + videoId, null).body());
        assertThat(video.getString("title")).isEqualTo("Holiday up-holiday");
        assertThat(video.getString("description")).isEqualTo("At the sea");
        assertThat(video.getJsonArray("tags")).containsExactly("sea", "summer");
        assertThat(video.getString("visibility")).isEqualTo("public");
        assertThat(video.getDouble("durationSeconds")).isBetween(5.8, 6.2);

        String base = "http://127.0.0.1:" + server.httpPort() + "/vod/" + videoId + "/";
        HttpResponse<String> master = api.get("/vod/" + videoId + "/master.m3u8", null);
        assertThat(master.statusCode()).isEqualTo(200);
        assertThat(master.body()).contains("source/vod.m3u8", "360p/vod.m3u8", "audio/vod.m3u8");
        String frames = Commands.run(
                        List.of(
                                "ffprobe",
                                "-v",
                                "error",
                                "-count_frames",
                                "-select_streams",
                                "v:0",
                                "-show_entries",
                                "stream=nb_read_frames,width,height",
                                "-of",
                                "csv=p=0",
                                base + "360p/vod.m3u8"),
                        120)
                .strip();
        assertThat(frames.lines().findFirst().orElse("")).isEqualTo("642,360,180"); // ffprobe lists program and stream
        HttpResponse<byte[]> mp4 = api.bytes("/vod/" + videoId + "/video.mp4", Map.of());
        assertThat(mp4.statusCode()).isEqualTo(200);
        assertThat(MediaChecks.topLevelBoxes(mp4.body())).containsSubsequence("moov", "mdat");
        assertThat(api.bytes("/vod/" + videoId + "/poster.jpg", Map.of()).statusCode())
                .isEqualTo(200);
        // The uploaded file goes once it is a video; a failed one keeps it for a retry (below).
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!storage.list("uploads/up-holiday/").isEmpty()) {
            assertThat(System.nanoTime())
                    .as("the source deleted within 10 s of ready")
                    .isLessThan(deadline);
            Thread.sleep(100);
        }

        Row orphan = awaitOutcome("up-orphan");
        assertThat(orphan.getString("status")).isEqualTo("ready");
        assertThat(orphan.getInteger("attempts")).isEqualTo(2);
        assertThat(orphan.getString("video_id")).isNotEqualTo(videoId);
    }

    @Test
    void aFileThatIsNoVideoFailsWithItsReasonAndLeavesNoTempFile() throws Exception {
        Path text = Files.writeString(data.resolve("notes.txt"), "not a video\n".repeat(1000));
        storage.put("uploads/up-notes/source", text, "text/plain");
        insert("up-notes", Files.size(text), "queued", null);
        Row failed = awaitOutcome("up-notes");
        assertThat(failed.getString("status")).isEqualTo("failed");
        assertThat(failed.getString("error")).startsWith("not a video: ");
        assertThat(failed.getString("video_id")).isNull();
        assertThat(storage.stat("uploads/up-notes/source"))
                .as("kept for a retry")
                .isPresent();
        try (var left = Files.list(data.resolve("transcode"))) {
            assertThat(left.toList()).isEmpty();
        }
    }

    private void insert(String id, long length, String status, String claimedBy) throws Exception {
        new UploadJobRows(pool).insert(id, length, status, claimedBy);
    }

    private Row awaitOutcome(String id) throws Exception {
        return new UploadJobRows(pool).awaitOutcome(id);
    }
}
