package org.millrace.ingest.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

class ViewerCounterTest {
    /** A clock the test moves by hand. */
    private static final class ManualClock extends Clock {
        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    private final ManualClock clock = new ManualClock();

    @Test
    void countsDistinctViewersWithinTheWindow() {
        ViewerCounter counter = new ViewerCounter(clock, Duration.ofSeconds(30), 100, 10);
        assertThat(counter.heartbeat("s", "viewer-1")).isEqualTo(1);
        assertThat(counter.heartbeat("s", "viewer-1")).isEqualTo(1);
        clock.advance(Duration.ofSeconds(20));
        assertThat(counter.heartbeat("s", "viewer-2")).isEqualTo(2);
        assertThat(counter.count("other")).isZero();

        clock.advance(Duration.ofSeconds(11)); // viewer-1 last seen 31 s ago
        assertThat(counter.count("s")).isEqualTo(1);
        counter.heartbeat("s", "viewer-1");
        clock.advance(Duration.ofSeconds(29));
        assertThat(counter.count("s")).as("viewer-2 expired, viewer-1 refreshed").isEqualTo(1);
        clock.advance(Duration.ofSeconds(5));
        assertThat(counter.count("s")).isZero();
    }

    @Test
    void staysWithinItsBounds() {
        ViewerCounter counter = new ViewerCounter(clock, Duration.ofSeconds(30), 3, 2);
        for (int i = 0; i < 10; i++) {
            counter.heartbeat("s", "viewer-" + i);
        }
        assertThat(counter.count("s")).isEqualTo(3);
        counter.heartbeat("t", "viewer-x");
        assertThat(counter.heartbeat("u", "viewer-y")).as("a third stream is not tracked while two are").isZero();
        clock.advance(Duration.ofSeconds(31));
        assertThat(counter.heartbeat("u", "viewer-y")).as("expired streams make room").isEqualTo(1);
        counter.forget("u");
        assertThat(counter.count("u")).isZero();
    }

    @Test
    void viewerIdsAreShortUrlSafeTokens() {
        assertThat(ViewerCounter.isValidViewerId("0123456789abcdef")).isTrue();
        assertThat(ViewerCounter.isValidViewerId("a-b_c".repeat(12))).isTrue();
        assertThat(ViewerCounter.isValidViewerId("short")).isFalse();
        assertThat(ViewerCounter.isValidViewerId("x".repeat(65))).isFalse();
        assertThat(ViewerCounter.isValidViewerId("0123456789abcdef ")).isFalse();
        assertThat(ViewerCounter.isValidViewerId(null)).isFalse();
    }
}
