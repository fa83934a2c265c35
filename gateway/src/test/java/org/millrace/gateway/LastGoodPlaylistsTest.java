package org.millrace.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LastGoodPlaylistsTest {
    private static final String TYPE = "application/vnd.apple.mpegurl";

    @Test
    void keepsTheLatestCopyOfEachPlaylist() {
        LastGoodPlaylists kept = new LastGoodPlaylists(10, 1 << 20);
        kept.put("live/s/a/source/index.m3u8", TYPE, bytes("#EXTM3U\n0.m4s\n"));
        kept.put("live/s/a/source/index.m3u8", TYPE, bytes("#EXTM3U\n0.m4s\n1.m4s\n"));
        assertThat(kept.size()).isEqualTo(1);
        assertThat(new String(
                        kept.get("live/s/a/source/index.m3u8").orElseThrow().body(), StandardCharsets.UTF_8))
                .isEqualTo("#EXTM3U\n0.m4s\n1.m4s\n");
        assertThat(kept.get("live/s/a/source/index.m3u8").orElseThrow().contentType())
                .isEqualTo(TYPE);
        assertThat(kept.get("live/s/a/480p/index.m3u8")).isEmpty();
    }

    @Test
    void evictsTheLeastRecentlyUsedPastTheEntryBound() {
        LastGoodPlaylists kept = new LastGoodPlaylists(3, 1 << 20);
        kept.put("a", TYPE, bytes("1"));
        kept.put("b", TYPE, bytes("2"));
        kept.put("c", TYPE, bytes("3"));
        kept.get("a"); // used again: "b" is now the eldest
        kept.put("d", TYPE, bytes("4"));
        assertThat(kept.size()).isEqualTo(3);
        assertThat(kept.get("b")).isEmpty();
        assertThat(kept.get("a")).isPresent();
        assertThat(kept.get("d")).isPresent();
    }

    @Test
    void staysWithinTheByteBudgetWhateverIsPut() {
        long budget = 64 * 1024;
        LastGoodPlaylists kept = new LastGoodPlaylists(100_000, budget);
        for (int i = 0; i < 10_000; i++) {
            kept.put("live/s/" + i + "/index.m3u8", TYPE, new byte[(i * 37) % 5000]);
            assertThat(kept.bytes()).isLessThanOrEqualTo(budget);
        }
        // The newest one is always there (it fits); the old ones went.
        assertThat(kept.get("live/s/9999/index.m3u8")).isPresent();
        assertThat(kept.get("live/s/0/index.m3u8")).isEmpty();
        assertThat(kept.size()).isLessThan(10_000);
    }

    @Test
    void aCopyLargerThanTheBudgetIsNotKeptAndDropsTheOlderOne() {
        LastGoodPlaylists kept = new LastGoodPlaylists(10, 1000);
        kept.put("big", TYPE, new byte[100]);
        kept.put("other", TYPE, new byte[100]);
        kept.put("big", TYPE, new byte[5000]);
        assertThat(kept.get("big")).as("an outdated copy is not kept either").isEmpty();
        assertThat(kept.get("other")).isPresent();
        assertThat(kept.bytes()).isLessThanOrEqualTo(1000);
    }

    @Test
    void manyTinyEntriesAreBoundedByBytesToo() {
        LastGoodPlaylists kept = new LastGoodPlaylists(1_000_000, 10_000);
        for (int i = 0; i < 100_000; i++) {
            kept.put("k" + i, TYPE, new byte[0]);
        }
        assertThat(kept.bytes()).isLessThanOrEqualTo(10_000);
        assertThat(kept.size()).isLessThan(200);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
