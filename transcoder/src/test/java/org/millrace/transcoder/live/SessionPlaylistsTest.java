package org.millrace.transcoder.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.millrace.core.storage.StorageException;
import org.millrace.hls.HlsSegment;
import org.millrace.hls.MediaPlaylist;

/**
 * A session's numbering across its publishers: each rendition goes on from its own last sequence (a playlist numbers
 * its segments by position, so a jump would misnumber every later one for the client), a rendition new to the
 * session starts after the highest any reached (also when another process stored the session's first epochs), and
 * ending lists each playlist's end once.
 */
class SessionPlaylistsTest {
    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

    @Test
    void eachRenditionContinuesFromItsOwnLastSequenceInTheNextEpoch() {
        SessionPlaylists session = new SessionPlaylists(Duration.ofSeconds(2), Duration.ofHours(2));
        SessionPlaylists.Epoch first = session.settle(session.startEpoch(DONE, DONE), StoredSegments.Continuation.NONE);
        assertThat(session.firstSequence("720p", first)).isZero();
        session.reserve("720p", 3); // video numbered 0..3
        session.reserve("audio", 4); // audio's last segment crossed one more grid line: 0..4
        SessionPlaylists.Epoch second =
                session.settle(session.startEpoch(DONE, DONE), StoredSegments.Continuation.NONE);
        assertThat(second.firstSequence()).isEqualTo(5);
        assertFirstSequences(session, second, 4, 5, 5);
    }

    @Test
    void aSessionResumedFromStorageContinuesEachRenditionAfterItsOwnStoredSegments() {
        SessionPlaylists session = new SessionPlaylists(Duration.ofSeconds(2), Duration.ofHours(2));
        // Another node listed 2 s video segments 0..14 and 1 s audio segments 0..30, and stored a part of video 15.
        session.restore(Map.of("720p", listing(0, 14, 2.0), "audio", listing(0, 30, 1.0)));
        SessionPlaylists.Epoch epoch = session.settle(
                session.startEpoch(DONE, DONE),
                new StoredSegments.Continuation(30, Map.of("720p", 15L, "audio", 30L), null));
        // The video after its own part, not after audio's numbers (each skipped one would be listed as a gap).
        assertFirstSequences(session, epoch, 16, 31, 31);
    }

    /** The first sequences of 720p, audio and 480p (new to the session) in {@code epoch}. */
    private static void assertFirstSequences(
            SessionPlaylists session, SessionPlaylists.Epoch epoch, long video, long audio, long newcomer) {
        assertThat(session.firstSequence("720p", epoch)).as("720p").isEqualTo(video);
        assertThat(session.firstSequence("audio", epoch)).as("audio").isEqualTo(audio);
        assertThat(session.firstSequence("480p", epoch))
                .as("new to the session")
                .isEqualTo(newcomer);
    }

    @Test
    void whenStorageCannotBeListedEveryResumedRenditionStartsAfterTheFallback() {
        SessionPlaylists session = new SessionPlaylists(Duration.ofSeconds(2), Duration.ofHours(2));
        session.restore(Map.of("720p", listing(0, 14, 2.0)));
        long fallback = 1_800_000_000L;
        SessionPlaylists.Epoch epoch = session.settle(
                session.startEpoch(DONE, DONE),
                new StoredSegments.Continuation(fallback, Map.of(), new StorageException("listing down", null)));
        assertThat(session.firstSequence("720p", epoch))
                .as("a segment stored but never listed may lie anywhere above the listing")
                .isEqualTo(fallback + 1);
    }

    private static MediaPlaylist listing(long first, long last, double seconds) {
        MediaPlaylist p = new MediaPlaylist(Duration.ofSeconds(2), Duration.ofHours(2), null);
        for (long s = first; s <= last; s++) {
            p.add(new HlsSegment(
                    s,
                    seconds,
                    s + ".m4s",
                    Instant.EPOCH.plusMillis(Math.round(s * seconds * 1000)),
                    "init-0.mp4",
                    false,
                    false));
        }
        return p;
    }

    @Test
    void endingEndsEachListingPlaylistOnceAndHandsOverTheKeptParts() {
        SessionPlaylists session = new SessionPlaylists(Duration.ofSeconds(2), Duration.ofHours(2));
        session.add(
                "720p",
                new org.millrace.hls.HlsSegment(0, 2.0, "0.m4s", java.time.Instant.EPOCH, "init-0.mp4", false, false));
        session.leaveParts("720p", java.util.List.of(new long[] {0, 10}));
        SessionPlaylists.Ending ending = session.end();
        assertThat(ending.playlists()).containsOnlyKeys("720p");
        assertThat(ending.playlists().get("720p")).endsWith("#EXT-X-ENDLIST\n");
        assertThat(ending.parts().get("720p")).singleElement().satisfies(p -> assertThat(p)
                .containsExactly(0, 10));
        SessionPlaylists.Ending again = session.end();
        assertThat(again.playlists()).isEmpty();
        assertThat(again.parts()).isEmpty();
    }
}
