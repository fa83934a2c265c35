package org.millrace.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.millrace.streams.StreamsSettings.ViewerLimits;

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

    private static ViewerLimits limits(int perStream, int streams, int total, int perAddress) {
        return new ViewerLimits(Duration.ofSeconds(30), perStream, streams, total, perAddress);
    }

    @Test
    void countsDistinctViewersWithinTheWindow() {
        ViewerCounter counter = new ViewerCounter(clock, limits(100, 10, 1000, 1000));
        assertThat(counter.heartbeat("s", "viewer-1", "10.0.0.1")).isEqualTo(1);
        assertThat(counter.heartbeat("s", "viewer-1", "10.0.0.1")).isEqualTo(1);
        clock.advance(Duration.ofSeconds(20));
        assertThat(counter.heartbeat("s", "viewer-2", "10.0.0.2")).isEqualTo(2);
        assertThat(counter.count("other")).isZero();

        clock.advance(Duration.ofSeconds(11)); // viewer-1 last seen 31 s ago
        assertThat(counter.count("s")).isEqualTo(1);
        counter.heartbeat("s", "viewer-1", "10.0.0.1");
        clock.advance(Duration.ofSeconds(29));
        assertThat(counter.count("s"))
                .as("viewer-2 expired, viewer-1 refreshed")
                .isEqualTo(1);
        clock.advance(Duration.ofSeconds(5));
        assertThat(counter.count("s")).isZero();
    }

    @Test
    void staysWithinItsBounds() {
        ViewerCounter counter = new ViewerCounter(clock, limits(3, 2, 1000, 1000));
        for (int i = 0; i < 10; i++) {
            counter.heartbeat("s", "viewer-" + i, "10.0.0." + i);
        }
        assertThat(counter.count("s")).isEqualTo(3);
        counter.heartbeat("t", "viewer-x", "10.0.1.1");
        assertThat(counter.heartbeat("u", "viewer-y", "10.0.1.2"))
                .as("a third stream is not tracked while two are")
                .isZero();
        clock.advance(Duration.ofSeconds(31));
        assertThat(counter.heartbeat("u", "viewer-y", "10.0.1.2"))
                .as("expired streams make room")
                .isEqualTo(1);
        counter.forget("u");
        assertThat(counter.count("u")).isZero();
    }

    @Test
    void madeUpViewerIdsFromOneAddressCountAtMostThePerAddressCap() {
        ViewerCounter counter = new ViewerCounter(clock, limits(100_000, 10, 100_000, 5));
        int count = 0;
        for (int i = 0; i < 300; i++) {
            count = counter.heartbeat("s", String.format("made-up-viewer-%04d", i), "203.0.113.7");
        }
        assertThat(count).isEqualTo(5);
        assertThat(counter.tracked())
                .as("the ids past the cap are not even kept")
                .isEqualTo(5);
        // Other addresses still count, each up to the cap; so does the same address on another stream.
        assertThat(counter.heartbeat("s", "viewer-at-home-0001", "198.51.100.1"))
                .isEqualTo(6);
        assertThat(counter.heartbeat("s", "viewer-at-work-0001", "198.51.100.2"))
                .isEqualTo(7);
        assertThat(counter.heartbeat("t", "made-up-viewer-0000", "203.0.113.7")).isEqualTo(1);
        // One IPv6 subscriber (a /64) is one address, however many of its addresses it uses.
        for (int i = 0; i < 50; i++) {
            counter.heartbeat(
                    "s", String.format("v6-made-up-viewer-%02d", i), "2001:db8:1:2::" + Integer.toHexString(i + 1));
        }
        assertThat(counter.count("s")).isEqualTo(12);
        assertThat(counter.heartbeat("s", "v6-other-subscriber1", "2001:db8:1:3::1"))
                .isEqualTo(13);
        // An IPv4-mapped IPv6 address is its IPv4 address.
        assertThat(counter.heartbeat("s", "mapped-made-up-0001", "::ffff:203.0.113.7"))
                .isEqualTo(13);
        // Once the address's viewers expire, it counts again.
        clock.advance(Duration.ofSeconds(31));
        assertThat(counter.heartbeat("s", "made-up-viewer-0299", "203.0.113.7")).isEqualTo(1);
        assertThat(counter.tracked()).isEqualTo(2); // stream t's viewer still waits to be expired
    }

    @Test
    void aViewerWhoChangesNetworkCountsOnceAtItsNewAddress() {
        ViewerCounter counter = new ViewerCounter(clock, limits(100, 10, 100, 1));
        assertThat(counter.heartbeat("s", "phone-viewer-00001", "198.51.100.1")).isEqualTo(1);
        assertThat(counter.heartbeat("s", "phone-viewer-00001", "203.0.113.9")).isEqualTo(1);
        assertThat(counter.heartbeat("s", "laptop-viewer-0001", "198.51.100.1"))
                .as("the phone's old address has room again")
                .isEqualTo(2);
    }

    @Test
    void theTotalAcrossStreamsIsBounded() {
        ViewerCounter counter = new ViewerCounter(clock, limits(100, 100, 10, 100));
        for (int i = 0; i < 30; i++) {
            counter.heartbeat("stream-" + (i % 3), String.format("viewer-number-%04d", i), "10.1.0." + i);
        }
        assertThat(counter.tracked()).isEqualTo(10);
        counter.forget("stream-0");
        assertThat(counter.tracked()).isEqualTo(10 - 4);
        for (int i = 0; i < 8; i++) {
            counter.heartbeat("stream-1", String.format("viewer-again-%04d", i), "10.3.0." + i);
        }
        assertThat(counter.tracked()).isEqualTo(10);
        clock.advance(Duration.ofSeconds(31));
        assertThat(counter.heartbeat("stream-9", "viewer-late-000001", "10.2.0.1"))
                .isEqualTo(1);
        assertThat(counter.tracked())
                .as("a full counter expires before refusing")
                .isEqualTo(1);
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
