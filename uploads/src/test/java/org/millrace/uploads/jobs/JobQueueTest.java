package org.millrace.uploads.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.millrace.uploads.jobs.UploadRows.await;

import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.millrace.core.db.Database;
import org.millrace.core.db.EmbeddedDatabase;
import org.millrace.core.db.Migrations;

/**
 * The queue on a real PostgreSQL, with two workers each on its own Vert.x and pool (as two processes would be): no
 * job is taken twice, a job whose lease ran out is taken again (and its first worker can no longer touch it), a job
 * that keeps losing its worker is failed, and outcomes are recorded as they should be.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JobQueueTest {
    private EmbeddedDatabase db;
    private Vertx vertxA;
    private Vertx vertxB;
    private Pool poolA;
    private Pool poolB;
    private JobQueue a;
    private JobQueue b;
    private UploadRows rows;

    @BeforeAll
    void start(@TempDir Path dir) {
        db = EmbeddedDatabase.start(dir.resolve("postgres"));
        Migrations.apply(db.settings(4), "uploads");
        vertxA = Vertx.vertx();
        vertxB = Vertx.vertx();
        poolA = Database.pool(vertxA, db.settings(4));
        poolB = Database.pool(vertxB, db.settings(4));
        a = new JobQueue(poolA);
        b = new JobQueue(poolB);
        rows = new UploadRows(poolA);
    }

    @BeforeEach
    void empty() throws Exception {
        await(poolA.query("DELETE FROM uploads").execute());
    }

    @AfterAll
    void stop() throws Exception {
        await(poolA.close());
        await(poolB.close());
        await(vertxA.close());
        await(vertxB.close());
        db.close();
    }

    @Test
    void twoWorkersClaimingAtOnceNeverTakeTheSameJob() throws Exception {
        for (int i = 0; i < 40; i++) {
            rows.queued("job-" + i, "uploads/job-" + i + "/source", 1000);
        }
        ExecutorService threads = Executors.newFixedThreadPool(4);
        List<Future<List<String>>> claims = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            JobQueue queue = t % 2 == 0 ? a : b;
            String worker = "w" + t;
            claims.add(threads.submit((Callable<List<String>>) () -> {
                List<String> mine = new ArrayList<>();
                Optional<TranscodeJob> job;
                while ((job = await(queue.claim(worker, Duration.ofMinutes(1), 3))).isPresent()) {
                    mine.add(job.get().id());
                    // A worker busy with its job: the first thread to start cannot take all 40 before the others run.
                    Thread.sleep(5);
                }
                return mine;
            }));
        }
        List<String> all = new ArrayList<>();
        for (Future<List<String>> c : claims) {
            all.addAll(c.get());
        }
        threads.shutdown();
        assertThat(all).hasSize(40);
        assertThat(new HashSet<>(all)).hasSize(40);
        assertThat(claims.stream()
                        .filter(c -> {
                            try {
                                return !c.get().isEmpty();
                            } catch (Exception e) {
                                return false;
                            }
                        })
                        .count())
                .as("workers that got jobs")
                .isGreaterThan(1);
        Row row = rows.row("job-7");
        assertThat(row.getString("status")).isEqualTo("processing");
        assertThat(row.getInteger("attempts")).isEqualTo(1);
        assertThat(row.getString("claimed_by")).startsWith("w");
    }

    @Test
    void aJobWhoseLeaseRanOutIsTakenAgainAndItsFirstWorkerCanNoLongerTouchIt() throws Exception {
        await(b.claim("warm-up", Duration.ofMinutes(1), 3)); // b's pool connected: the next claim is quick
        rows.queued("job-dead", "uploads/job-dead/source", 1000);
        TranscodeJob first = await(a.claim("dying", Duration.ofSeconds(2), 3)).orElseThrow();
        assertThat(first.title()).isEqualTo("Holiday job-dead");
        assertThat(first.tags()).containsExactly("sea", "summer");
        assertThat(await(b.claim("other", Duration.ofMinutes(1), 3)))
                .as("leased")
                .isEmpty();
        Thread.sleep(2500);
        TranscodeJob again = await(b.claim("other", Duration.ofMinutes(1), 3)).orElseThrow();
        assertThat(again.id()).isEqualTo("job-dead");
        assertThat(again.attempts()).isEqualTo(2);
        assertThat(await(a.progress("job-dead", "dying", 50))).isFalse();
        assertThat(await(a.ready("job-dead", "dying", "v1"))).isFalse();
        assertThat(await(a.renew("job-dead", "dying", Duration.ofMinutes(1)))).isFalse();
        assertThat(await(b.progress("job-dead", "other", 40))).isTrue();
        assertThat(await(b.progress("job-dead", "other", 30))).isTrue();
        assertThat(rows.row("job-dead").getInteger("progress")).isEqualTo(40);
        assertThat(await(b.ready("job-dead", "other", "video-1"))).isTrue();
        Row row = rows.row("job-dead");
        assertThat(row.getString("status")).isEqualTo("ready");
        assertThat(row.getString("video_id")).isEqualTo("video-1");
        assertThat(row.getInteger("progress")).isEqualTo(100);
        assertThat(row.getString("claimed_by")).isNull();
    }

    @Test
    void aJobThatKeepsLosingItsWorkerIsFailedAfterItsAttempts() throws Exception {
        rows.queued("job-killer", "uploads/job-killer/source", 1000);
        for (int i = 0; i < 2; i++) {
            assertThat(await(a.claim("w" + i, Duration.ofMillis(200), 2))).isPresent();
            Thread.sleep(300);
        }
        assertThat(await(b.claim("w9", Duration.ofMinutes(1), 2))).isEmpty();
        Row row = rows.row("job-killer");
        assertThat(row.getString("status")).isEqualTo("failed");
        assertThat(row.getString("error"))
                .isEqualTo("transcoding stopped 2 times without finishing (the worker "
                        + "stopped or ran out of memory); the file may be too demanding");
    }

    @Test
    void aFailureOutsideTheFileIsRetriedLaterAndARejectedFileIsFailed() throws Exception {
        rows.queued("job-later", "uploads/job-later/source", 1000);
        rows.queued("job-bad", "uploads/job-bad/source", 1000);
        Set<String> claimed = new HashSet<>();
        claimed.add(await(a.claim("w", Duration.ofMinutes(1), 3)).orElseThrow().id());
        claimed.add(await(a.claim("w", Duration.ofMinutes(1), 3)).orElseThrow().id());
        assertThat(claimed).containsExactlyInAnyOrder("job-later", "job-bad");
        assertThat(await(a.retryLater("job-later", "w", "storage unreachable", Duration.ofMinutes(5), 3)))
                .isTrue();
        assertThat(await(a.fail("job-bad", "w", "audio only"))).isTrue();
        assertThat(await(b.claim("w2", Duration.ofMinutes(1), 3)))
                .as("not due yet")
                .isEmpty();
        assertThat(rows.row("job-later").getString("status")).isEqualTo("queued");
        assertThat(rows.row("job-later").getString("error")).isEqualTo("storage unreachable");
        assertThat(rows.row("job-bad").getString("status")).isEqualTo("failed");
        assertThat(rows.row("job-bad").getString("error")).isEqualTo("audio only");
        await(poolA.query("UPDATE uploads SET next_attempt_at = now() WHERE id = 'job-later'")
                .execute());
        TranscodeJob retried = await(b.claim("w2", Duration.ofMinutes(1), 3)).orElseThrow();
        assertThat(retried.attempts()).isEqualTo(2);
        assertThat(rows.row("job-later").getString("error")).isNull();
        assertThat(await(b.retryLater("job-later", "w2", "still down", Duration.ZERO, 2)))
                .isTrue();
        assertThat(rows.row("job-later").getString("status"))
                .as("out of attempts")
                .isEqualTo("failed");
    }
}
