package org.millrace.transcoder.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.millrace.core.storage.LocalStorage;
import org.millrace.core.storage.ObjectInfo;
import org.millrace.core.storage.StorageException;

class StoredSegmentsTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-21T12:00:00Z"), ZoneOffset.UTC);
    private static final String PREFIX = "live/s1/sess/";

    @TempDir
    Path dir;

    private final List<Long> sleeps = new ArrayList<>();

    @Test
    void continuesAfterTheHighestStoredSegmentOfAnyRendition() {
        LocalStorage storage = new LocalStorage(dir);
        for (String key : new String[] {
            "source/0.m4s",
            "source/41.m4s",
            "360p/42.m4s",
            "audio/init-0.mp4",
            "360p/index.m3u8",
            "source/notes.m4s",
            "thumb.jpg"
        }) {
            storage.put(PREFIX + key, new byte[] {1}, "application/octet-stream");
        }
        storage.put("live/s1/other-session/source/900.m4s", new byte[] {1}, "video/iso.segment");
        StoredSegments.Continuation c = new StoredSegments(storage, sleeps::add, CLOCK).highest(PREFIX);
        assertThat(c.highest()).isEqualTo(42);
        assertThat(c.byRendition()).containsOnly(entry("source", 41L), entry("360p", 42L));
        assertThat(c.listingFailure()).isNull();
        assertThat(new StoredSegments(new LocalStorage(dir), sleeps::add, CLOCK)
                        .highest("live/s1/empty/")
                        .highest())
                .isEqualTo(-1);
    }

    @Test
    void aPartOfASegmentNeverCompletedCountsAsItsSegment() {
        LocalStorage storage = new LocalStorage(dir);
        // the dead node stored parts of segment 43 (announced to viewers, cached at the edge) but never the segment
        for (String key : new String[] {"360p/42.m4s", "360p/42.9.m4s", "360p/43.0.m4s", "360p/43.1.m4s"}) {
            storage.put(PREFIX + key, new byte[] {1}, "video/iso.segment");
        }
        assertThat(new StoredSegments(storage, sleeps::add, CLOCK)
                        .highest(PREFIX)
                        .highest())
                .isEqualTo(43);
        assertThat(new StoredSegments(storage, sleeps::add, CLOCK)
                        .highest(PREFIX)
                        .byRendition())
                .containsOnly(entry("360p", 43L));
    }

    @Test
    void retriesAListingThatFails() {
        LocalStorage delegate = new LocalStorage(dir);
        delegate.put(PREFIX + "source/7.m4s", new byte[] {1}, "video/iso.segment");
        AtomicInteger calls = new AtomicInteger();
        FlakyStorage flaky = new FlakyStorage(delegate, Duration.ZERO, key -> false) {
            @Override
            public List<ObjectInfo> list(String prefix) {
                if (calls.incrementAndGet() < 3) {
                    throw new StorageException("listing down", null);
                }
                return super.list(prefix);
            }
        };
        StoredSegments.Continuation c = new StoredSegments(flaky, sleeps::add, CLOCK).highest(PREFIX);
        assertThat(c.highest()).isEqualTo(7);
        assertThat(sleeps).containsExactly(500L, 1000L);
    }

    @Test
    void numbersPastAnyCountWhenStorageCannotBeListedRatherThanOverwriting() {
        FlakyStorage down = new FlakyStorage(new LocalStorage(dir), Duration.ZERO, key -> false) {
            @Override
            public List<ObjectInfo> list(String prefix) {
                throw new StorageException("listing down", null);
            }
        };
        StoredSegments.Continuation c = new StoredSegments(down, sleeps::add, CLOCK).highest(PREFIX);
        assertThat(c.listingFailure()).hasMessage("listing down");
        assertThat(c.highest()).isEqualTo(CLOCK.instant().getEpochSecond());
        assertThat(c.byRendition()).isEmpty();
        // Past any session's count of 2 s segments: over 50 years of them.
        assertThat(c.highest()).isGreaterThan(50L * 365 * 24 * 3600 / 2);
        assertThat(sleeps).hasSize(StoredSegments.ATTEMPTS - 1);
    }
}
