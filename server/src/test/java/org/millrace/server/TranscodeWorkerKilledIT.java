package org.millrace.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.millrace.core.config.ConfigLoader;
import org.millrace.core.config.MillraceConfig;
import org.millrace.core.db.Database;
import org.millrace.core.db.EmbeddedDatabase;
import org.millrace.core.storage.Storage;
import org.millrace.core.storage.StorageFactory;
import org.millrace.testkit.MediaChecks;
import org.millrace.testkit.TestPattern;

/**
 * Issue 16's crash acceptance for upload transcoding, on real processes: the video library (the packaged jar with the
 * gateway, auth, vod and uploads) and transcode workers in JVMs of their own, one PostgreSQL server, one storage
 * directory (one machine). A worker SIGKILLed mid-job loses only that job's progress: the job stays claimed until its
 * lease runs out, a job queued meanwhile is untouched, and a second worker then takes both and makes them videos.
 */
class TranscodeWorkerKilledIT {
    private static final String SECRET = "a-transcode-cluster-jwt-secret-of-enough-length-0123";
    private static final String INTERNAL_KEY = "a-transcode-cluster-internal-key-0123456789abcdef";
    private static final int LEASE_SECONDS = 4;

    @TempDir
    Path dir;

    @Test
    void aWorkerKilledMidJobLosesOnlyThatJobsProgress() throws Exception {
        // Long enough that a worker is still at it when the test sees its first progress.
        Path source = TestPattern.of(1280, 720, 30, 20).writeTo(dir.resolve("talk.mp4"));
        Path shared = dir.resolve("shared"); // every process's data directory: one local storage
        Vertx vertx = Vertx.vertx();
        try (EmbeddedDatabase postgres = EmbeddedDatabase.start(dir.resolve("postgres"))) {
            Map<String, String> common = Map.of(
                    "MILLRACE_DATABASE_URL",
                    "postgresql://postgres@127.0.0.1:" + postgres.settings(1).port() + "/postgres",
                    "MILLRACE_JWT_SECRET",
                    SECRET,
                    "MILLRACE_INTERNAL_API_KEY",
                    INTERNAL_KEY,
                    "MILLRACE_TRANSCODE_LEASE_SECONDS",
                    Integer.toString(LEASE_SECONDS));
            Pool pool = Database.pool(vertx, postgres.settings(2));
            UploadJobRows rows = new UploadJobRows(pool);
            MillraceConfig config = new ConfigLoader(with(common, "MILLRACE_DATA_DIR", shared.toString())).load();
            try (ServerProcess library =
                            ServerProcess.start(shared, with(common, "MILLRACE_SERVICES", "gateway,auth,vod,uploads"));
                    Storage storage = StorageFactory.create(config);
                    ApiClient api = new ApiClient(config, library.port())) {
                Map<String, String> worker = with(
                        with(common, "MILLRACE_SERVICES", "transcode"),
                        "MILLRACE_VOD_IMPORT_URL",
                        "http://127.0.0.1:" + library.port());
                storage.put("uploads/up-first/source", source, "video/mp4");
                rows.insert("up-first", Files.size(source), "queued", null);

                String killedWorker;
                try (ServerProcess first = ServerProcess.start(shared, worker)) {
                    Row started = awaitProgress(rows, "up-first");
                    killedWorker = started.getString("claimed_by");
                    // Queued while the first worker is busy (one job at a time): it must never be claimed by it.
                    storage.put("uploads/up-second/source", source, "video/mp4");
                    rows.insert("up-second", Files.size(source), "queued", null);
                    first.kill();
                }
                Row orphaned = rows.row("up-first");
                assertThat(orphaned.getString("status")).as("killed mid-job").isEqualTo("processing");
                assertThat(orphaned.getString("claimed_by")).isEqualTo(killedWorker);
                assertThat(orphaned.getInteger("attempts")).isEqualTo(1);
                assertThat(rows.row("up-second").getString("status")).isEqualTo("queued");

                try (ServerProcess second = ServerProcess.start(shared, worker)) {
                    Row first = rows.awaitOutcome("up-first");
                    assertThat(first.getString("status"))
                            .as(first.getString("error") + second.log())
                            .isEqualTo("ready");
                    assertThat(first.getInteger("attempts"))
                            .as("the killed attempt and the takeover")
                            .isEqualTo(2);
                    assertThat(first.getString("claimed_by")).isNotEqualTo(killedWorker);
                    Row next = rows.awaitOutcome("up-second");
                    assertThat(next.getString("status"))
                            .as(next.getString("error"))
                            .isEqualTo("ready");
                    assertThat(next.getInteger("attempts"))
                            .as("untouched by the killed worker")
                            .isEqualTo(1);

                    String videoId = first.getString("video_id");
                    HttpResponse<String> master = api.get("/vod/" + videoId + "/master.m3u8", null);
                    assertThat(master.statusCode()).isEqualTo(200);
                    HttpResponse<byte[]> mp4 = api.bytes("/vod/" + videoId + "/video.mp4", Map.of());
                    assertThat(mp4.statusCode()).isEqualTo(200);
                    Path file = Files.write(dir.resolve("video.mp4"), mp4.body());
                    assertThat(MediaChecks.duration(file)).isBetween(19.8, 20.2);
                    assertThat(MediaChecks.topLevelBoxes(mp4.body())).containsSubsequence("moov", "mdat");
                }
            } finally {
                pool.close().await(10, TimeUnit.SECONDS);
            }
        } finally {
            vertx.close().await(10, TimeUnit.SECONDS);
        }
    }

    /** The row once a worker has claimed it and reported progress (two minutes at most). */
    private static Row awaitProgress(UploadJobRows rows, String id) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            Row row = rows.row(id);
            assertThat(row.getString("status")).as("finished before the kill").isIn("queued", "processing");
            if (row.getString("status").equals("processing") && row.getInteger("progress") > 0) {
                return row;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("upload " + id + " was never in progress");
    }

    private static Map<String, String> with(Map<String, String> env, String name, String value) {
        Map<String, String> more = new HashMap<>(env);
        more.put(name, value);
        return more;
    }
}
