package org.millrace.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RecentLiveFilesTest {
    private final AtomicLong now = new AtomicLong(1_000);

    private RecentLiveFiles files(long maxBytes, int maxEntries) {
        return new RecentLiveFiles(Duration.ofNanos(100), maxBytes, maxEntries, now::get);
    }

    private static Buffer bytes(int n) {
        return Buffer.buffer(new byte[n]);
    }

    @Test
    void aKeptFileIsAnsweredWithItsValidatorsUntilNobodyAskedForItWithinTheAge() {
        RecentLiveFiles files = files(1000, 10);
        Instant modified = Instant.parse("2026-12-01T10:00:00Z");
        files.put("a", bytes(10), "etag-a", modified);
        now.addAndGet(99);
        RecentLiveFiles.Kept kept = files.get("a");
        assertThat(kept.body().length()).isEqualTo(10);
        assertThat(kept.etag()).isEqualTo("etag-a");
        assertThat(kept.lastModified()).isEqualTo(modified);
        now.addAndGet(99);
        assertThat(files.get("a")).as("asked 99 ns ago").isNotNull();
        now.addAndGet(100);
        assertThat(files.get("a")).isNull();
        assertThat(files.bytes()).isZero();
        assertThat(files.hits()).isEqualTo(2);
        assertThat(files.misses()).isEqualTo(1);
    }

    @Test
    void theLeastRecentlyAskedGoFirstPastTheByteOrCountBound() {
        RecentLiveFiles files = files(100, 3);
        files.put("a", bytes(40), "a", null);
        files.put("b", bytes(40), "b", null);
        files.put("c", bytes(40), "c", null); // 120 bytes: a goes
        assertThat(files.get("a")).isNull();
        assertThat(files.get("b")).isNotNull();
        assertThat(files.bytes()).isEqualTo(80);
        files.put("d", bytes(1), "d", null);
        files.put("e", bytes(1), "e", null); // four entries: c goes, b was asked for after it
        assertThat(files.size()).isEqualTo(3);
        assertThat(files.get("c")).isNull();
        assertThat(files.get("b")).isNotNull();
        assertThat(files.bytes()).isEqualTo(42);
    }

    @Test
    void aFileLargerThanTheWholeBoundIsNotKeptAndASecondCopyDoesNotReplaceTheFirst() {
        RecentLiveFiles files = files(100, 10);
        files.put("big", bytes(101), "big", null);
        assertThat(files.size()).isZero();
        files.put("a", bytes(10), "first", null);
        now.addAndGet(50);
        files.put("a", bytes(10), "second", null);
        assertThat(files.get("a").etag()).isEqualTo("first");
    }

    @Test
    void expiredFilesAreDroppedWithoutAnyRequest() {
        RecentLiveFiles files = files(1000, 10);
        files.put("a", bytes(10), "a", null);
        now.addAndGet(60);
        files.put("b", bytes(10), "b", null);
        now.addAndGet(40);
        files.dropExpired();
        assertThat(files.size()).isEqualTo(1);
        assertThat(files.bytes()).isEqualTo(10);
        now.addAndGet(60);
        files.dropExpired();
        assertThat(files.size()).isZero();
    }
}
