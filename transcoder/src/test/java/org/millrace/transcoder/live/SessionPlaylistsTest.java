package org.millrace.transcoder.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * A session's numbering across its publishers: each rendition goes on from its own last sequence (a playlist numbers
 * its segments by position, so a jump would misnumber every later one for the client), a rendition new to the
 * session starts after the highest any reached, and ending lists each playlist's end once.
 */
class SessionPlaylistsTest {
    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

    @Test
    void eachRenditionContinuesFromItsOwnLastSequenceInTheNextEpoch() {
        SessionPlaylists session = new SessionPlaylists(Duration.ofSeconds(2), Duration.ofHours(2));
        SessionPlaylists.Epoch first = session.settle(session.startEpoch(DONE, DONE), -1);
        assertThat(session.firstSequence("720p", first)).isZero();
        session.reserve("720p", 3); // video numbered 0..3
        session.reserve("audio", 4); // audio's last segment crossed one more grid line: 0..4
        SessionPlaylists.Epoch second = session.settle(session.startEpoch(DONE, DONE), -1);
        assertThat(second.firstSequence()).isEqualTo(5);
        assertThat(session.firstSequence("720p", second)).isEqualTo(4);
        assertThat(session.firstSequence("audio", second)).isEqualTo(5);
        assertThat(session.firstSequence("480p", second))
                .as("new to the session")
                .isEqualTo(5);
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
