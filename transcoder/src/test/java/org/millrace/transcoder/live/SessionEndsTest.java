package org.millrace.transcoder.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.millrace.core.media.LiveSessionInfo;
import org.millrace.core.storage.LocalStorage;
import org.millrace.core.storage.Storage;
import org.millrace.core.storage.StorageObject;
import org.millrace.hls.HlsSegment;
import org.millrace.hls.PlaylistTail;

/**
 * Ending a session's playlists in storage: the one this process wrote, unless another ingest node went on with the
 * session after it (the stored playlist is ahead: that one is ended), and a session this process never saw.
 */
class SessionEndsTest {
    private static final String PREFIX = "live/s/k/";
    private static final Duration TARGET = Duration.ofSeconds(2);
    private static final Duration WINDOW = Duration.ofHours(2);
    private static final LiveSessionInfo INFO = new LiveSessionInfo("s", "k", true, null, null, 0, false);

    @TempDir
    Path dir;

    private final List<PlaylistTail> told = new CopyOnWriteArrayList<>();

    @Test
    void theSessionsOwnPlaylistsEndOnceItsLastEpochStoredEverything() throws Exception {
        try (LocalStorage storage = new LocalStorage(dir);
                SessionEnds ends = ends(storage)) {
            SessionPlaylists session = new SessionPlaylists(TARGET, WINDOW);
            java.util.concurrent.CompletableFuture<Void> stored = new java.util.concurrent.CompletableFuture<>();
            session.startEpoch(java.util.concurrent.CompletableFuture.completedFuture(null), stored);
            storage.put(PREFIX + "720p/index.m3u8", listing(session, 0, 4), null);
            java.util.concurrent.CompletableFuture<Void> ended = ends.end(INFO, PREFIX, session);
            Thread.sleep(200);
            assertThat(ended).as("waits for the epoch's uploads").isNotDone();
            stored.complete(null);
            ended.get(10, TimeUnit.SECONDS);
            assertThat(text(storage, PREFIX + "720p/index.m3u8")).endsWith("3.m4s\n#EXT-X-ENDLIST\n");
            assertThat(told).singleElement().satisfies(t -> assertThat(t.ended())
                    .isTrue());
        }
    }

    @Test
    void aStoredPlaylistAnotherNodeWentOnWithIsTheOneEnded() throws Exception {
        try (LocalStorage storage = new LocalStorage(dir);
                SessionEnds ends = ends(storage)) {
            SessionPlaylists here = new SessionPlaylists(TARGET, WINDOW);
            listing(here, 0, 4); // this node's publisher left after segment 3
            SessionPlaylists there = new SessionPlaylists(TARGET, WINDOW);
            storage.put(
                    PREFIX + "master.m3u8",
                    "#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1\n720p/index.m3u8\n".getBytes(StandardCharsets.UTF_8),
                    null);
            storage.put(PREFIX + "720p/index.m3u8", listing(there, 0, 8), null); // the other node went on to 7
            ends.end(INFO, PREFIX, here).get(10, TimeUnit.SECONDS);
            assertThat(text(storage, PREFIX + "720p/index.m3u8"))
                    .contains("7.m4s")
                    .endsWith("#EXT-X-ENDLIST\n");
        }
    }

    @Test
    void aSessionThisProcessNeverSawHasItsStoredPlaylistsEnded() throws Exception {
        try (LocalStorage storage = new LocalStorage(dir);
                SessionEnds ends = ends(storage)) {
            storage.put(
                    PREFIX + "master.m3u8",
                    "#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1\n720p/index.m3u8\n".getBytes(StandardCharsets.UTF_8),
                    null);
            storage.put(PREFIX + "720p/index.m3u8", listing(new SessionPlaylists(TARGET, WINDOW), 0, 3), null);
            ends.endStored(INFO, PREFIX).get(10, TimeUnit.SECONDS);
            String ended = text(storage, PREFIX + "720p/index.m3u8");
            assertThat(ended).contains("2.m4s").endsWith("#EXT-X-ENDLIST\n");
            ends.endStored(INFO, PREFIX).get(10, TimeUnit.SECONDS);
            assertThat(text(storage, PREFIX + "720p/index.m3u8"))
                    .as("ended once")
                    .isEqualTo(ended);
            assertThat(told).hasSize(1);
        }
    }

    private SessionEnds ends(Storage storage) {
        return new SessionEnds(
                storage, (info, rendition, tail) -> told.add(tail), 3, Duration.ofMillis(100), TARGET, WINDOW);
    }

    /** Lists segments {@code from} until {@code to} (exclusive) of 720p; answers the classic text. */
    private static byte[] listing(SessionPlaylists session, long from, long to) {
        String text = null;
        for (long seq = from; seq < to; seq++) {
            text = session.add(
                    "720p",
                    new HlsSegment(
                            seq, 2.0, seq + ".m4s", Instant.EPOCH.plusSeconds(2 * seq), "init-0.mp4", false, false));
        }
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(Storage storage, String key) throws Exception {
        try (StorageObject o = storage.get(key)) {
            return new String(o.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
