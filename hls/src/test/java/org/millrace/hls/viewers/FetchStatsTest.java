package org.millrace.hls.viewers;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Stall accounting and fetch-time percentiles of the load generator. */
class FetchStatsTest {
    private static final long MS = 1_000_000;

    @Test
    void aMediaObjectArrivingLaterThanItsDurationAfterItsAnnouncementIsLateAndSoIsOneThatNeverCame() {
        FetchStats stats = new FetchStats();
        stats.media(2.0, 1999 * MS, 50 * MS, 1000);
        stats.media(2.0, 2001 * MS, 50 * MS, 1000);
        stats.media(0.2, 150 * MS, 150 * MS, 100);
        stats.media(0.2, 250 * MS, 20 * MS, 100); // waited in the queue behind another: late all the same
        stats.failedMedia();
        assertThat(stats.media()).isEqualTo(5);
        assertThat(stats.late()).isEqualTo(3);
        assertThat(stats.failed()).isEqualTo(1);
        assertThat(stats.lateShare()).isEqualTo(0.6);
        assertThat(stats.bytes()).isEqualTo(2200);
        stats.request(500, true);
        assertThat(stats.requests()).isEqualTo(6);
        assertThat(stats.playlistRequests()).isEqualTo(1);
    }

    @Test
    void percentilesAreReadFromTenthOfAMillisecondBuckets() {
        FetchStats stats = new FetchStats();
        assertThat(stats.fetchMillis(0.5)).isZero();
        for (int i = 1; i <= 100; i++) {
            stats.media(10, 0, i * MS - 1, 0);
        }
        assertThat(stats.fetchMillis(0.5)).isEqualTo(50.0);
        assertThat(stats.fetchMillis(0.99)).isEqualTo(99.0);
        stats.media(10, 0, 60_000 * MS, 0);
        assertThat(stats.fetchMillis(1.0)).isEqualTo(20_000.0);
    }
}
