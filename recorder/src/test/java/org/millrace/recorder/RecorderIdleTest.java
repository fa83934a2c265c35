package org.millrace.recorder;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A recorder with nothing to build sleeps: no due time when no recording is pending or being built, and no
 * queries while it waits (it used to ask for due work every 50 ms forever: GREATEST(0, NULL) is 0 in PostgreSQL).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RecorderIdleTest {
    private RecorderHarness harness;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        harness = RecorderHarness.start(dir);
    }

    @AfterAll
    void stop() throws Exception {
        if (harness != null) {
            harness.close();
        }
    }

    @Test
    void nothingPendingOrBuildingHasNoDueTime() throws Exception {
        assertThat(new RecordingRepository(harness.pool).nextDueIn().await(10, TimeUnit.SECONDS))
                .isEmpty();
    }

    @Test
    void anIdleRecorderLeavesTheDatabaseAlone() throws Exception {
        harness.deployRecorder();
        try {
            Thread.sleep(1500); // its first wake and claim attempt
            long before = recordingsScans();
            Thread.sleep(3000);
            // Before the fix: a claim and a due-time query every 50 ms, about 120 scans in these 3 s.
            assertThat(recordingsScans() - before)
                    .as("scans of recordings while idle")
                    .isLessThan(6);
        } finally {
            harness.undeployRecorder();
        }
    }

    /** Table scans of recordings so far (PostgreSQL's statistics, flushed within about a second). */
    private long recordingsScans() throws Exception {
        Thread.sleep(1200);
        return harness.pool
                .query("SELECT COALESCE(seq_scan, 0) + COALESCE(idx_scan, 0) AS n FROM "
                        + "pg_stat_user_tables WHERE relname = 'recordings'")
                .execute()
                .await(10, TimeUnit.SECONDS)
                .iterator()
                .next()
                .getLong("n");
    }
}
