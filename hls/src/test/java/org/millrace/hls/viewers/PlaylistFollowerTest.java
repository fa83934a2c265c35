package org.millrace.hls.viewers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.millrace.hls.viewers.PlayerPlaylistTest.live;

import org.junit.jupiter.api.Test;
import org.millrace.hls.RenderOptions;

/** A simulated player fetches each new segment or part once, in order, from the live edge on. */
class PlaylistFollowerTest {

    private static PlayerPlaylist ll(int complete, int openParts) {
        return PlayerPlaylist.parse(live(complete, openParts).render(new RenderOptions(true, java.util.List.of())));
    }

    private static PlayerPlaylist classic(int complete) {
        return PlayerPlaylist.parse(live(complete, 0).render());
    }

    @Test
    void aClassicViewerStartsAtTheLastSegmentThenFetchesEachNewOneOnce() {
        PlaylistFollower follower = new PlaylistFollower(false);
        assertThat(follower.newMedia(classic(4)))
                .extracting(PlaylistFollower.Media::uri)
                .containsExactly("3.m4s");
        assertThat(follower.newMedia(classic(4))).isEmpty();
        assertThat(follower.newMedia(classic(6)))
                .extracting(PlaylistFollower.Media::uri)
                .containsExactly("4.m4s", "5.m4s");
        assertThat(follower.newMedia(classic(7)))
                .singleElement()
                .isEqualTo(new PlaylistFollower.Media("6.m4s", 2.0, 6, -1));
        assertThat(follower.reloadQuery(classic(7))).isEmpty();
        assertThat(follower.reloadDelaySeconds(classic(7), true)).isEqualTo(2.0);
        assertThat(follower.reloadDelaySeconds(classic(7), false)).isEqualTo(1.0);
    }

    @Test
    void aLowLatencyViewerFetchesEachNewPartOnceAndBlocksForTheNextOne() {
        PlaylistFollower follower = new PlaylistFollower(true);
        PlayerPlaylist first = ll(5, 3);
        assertThat(follower.newMedia(first))
                .extracting(PlaylistFollower.Media::uri)
                .containsExactly("5.2.m4s");
        assertThat(follower.reloadQuery(first)).isEqualTo("?_HLS_msn=5&_HLS_part=3&_HLS_skip=YES");
        assertThat(follower.reloadDelaySeconds(first, true)).isZero();

        assertThat(follower.newMedia(ll(5, 5)))
                .extracting(PlaylistFollower.Media::uri)
                .containsExactly("5.3.m4s", "5.4.m4s");
        // The segment completes: its last parts, then the next segment's first ones; nothing twice.
        PlayerPlaylist later = ll(6, 2);
        assertThat(follower.newMedia(later))
                .extracting(PlaylistFollower.Media::uri)
                .containsExactly("5.5.m4s", "5.6.m4s", "5.7.m4s", "5.8.m4s", "5.9.m4s", "6.0.m4s", "6.1.m4s");
        assertThat(follower.reloadQuery(later)).isEqualTo("?_HLS_msn=6&_HLS_part=2&_HLS_skip=YES");
        // A segment just completed, no part of the next yet: block for its first part.
        PlayerPlaylist completed = ll(7, 0);
        assertThat(follower.newMedia(completed))
                .extracting(PlaylistFollower.Media::sequence)
                .containsOnly(6L);
        assertThat(follower.reloadQuery(completed)).isEqualTo("?_HLS_msn=7&_HLS_part=0&_HLS_skip=YES");
    }

    @Test
    void aViewerFallenBehindThePartsFetchesWholeSegments() {
        PlaylistFollower follower = new PlaylistFollower(true);
        follower.newMedia(ll(2, 1));
        // Eight segments later only the last three list parts: the others are fetched whole, then parts again (the
        // rest of segment 2, no longer listed in parts, is given up).
        assertThat(follower.newMedia(PlayerPlaylist.parse(live(10, 1).render(RenderOptions.FULL))))
                .extracting(PlaylistFollower.Media::uri)
                .startsWith("3.m4s", "4.m4s", "5.m4s", "6.m4s", "7.0.m4s")
                .contains("9.9.m4s")
                .doesNotContain("7.m4s")
                .endsWith("10.0.m4s");
    }

    @Test
    void aRenditionSwitchStartsTheNewRenditionAtTheViewersSegment() {
        PlaylistFollower before = new PlaylistFollower(false);
        before.newMedia(classic(4));
        PlaylistFollower after = new PlaylistFollower(false, before.position());
        assertThat(after.newMedia(classic(6)))
                .extracting(PlaylistFollower.Media::uri)
                .containsExactly("4.m4s", "5.m4s");
    }
}
