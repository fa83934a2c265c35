package org.millrace.hls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.millrace.hls.LivePlaylistWriter.LL;
import static org.millrace.hls.LivePlaylistWriter.TARGET;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A copy of a live playlist in another process kept up to date with {@link MediaPlaylist#tail} / {@link MediaPlaylist#merge}. */
class PlaylistMergeTest {
    private static final Duration WINDOW = Duration.ofHours(2);
    private static final RenderOptions FULL = RenderOptions.FULL;

    private static MediaPlaylist copyOf(MediaPlaylist written) {
        return MediaPlaylist.parse(written.render(), TARGET, WINDOW, LL);
    }

    @Test
    void tailsMergedInOrderKeepTheCopyIdenticalPartByPart() {
        LivePlaylistWriter w = new LivePlaylistWriter().segments(0, 4);
        MediaPlaylist copy = copyOf(w.playlist);
        for (long seq = 5; seq < 9; seq++) {
            w.open(seq, 0);
            assertThat(copy.merge(w.playlist.tail(4))).isTrue();
            for (int i = 0; i < LivePlaylistWriter.PARTS; i++) {
                w.part(seq, i);
                assertThat(copy.merge(w.playlist.tail(4))).isTrue();
                assertThat(copy.render(FULL)).isEqualTo(w.playlist.render(FULL));
                assertThat(copy.edge()).isEqualTo(w.playlist.edge());
            }
            w.complete(seq);
            assertThat(copy.merge(w.playlist.tail(4))).isTrue();
            assertThat(copy.render(FULL)).isEqualTo(w.playlist.render(FULL));
            assertThat(copy.render()).isEqualTo(w.playlist.render());
            assertThat(copy.version()).isEqualTo(w.playlist.version());
        }
    }

    @Test
    void aCopyReadFromStorageGetsThePartsOfTheRecentSegmentsFromTheFirstTail() {
        LivePlaylistWriter w = new LivePlaylistWriter().segments(0, 9).open(10, 2);
        MediaPlaylist copy = copyOf(w.playlist);
        assertThat(copy.render(FULL)).doesNotContain("#EXT-X-PART:");
        assertThat(copy.merge(w.playlist.tail(LL.partSegments()))).isTrue();
        assertThat(copy.render(FULL)).isEqualTo(w.playlist.render(FULL));
    }

    @Test
    void aLateTailIsIgnoredAndSoIsOneThatBringsNothingNew() {
        LivePlaylistWriter w = new LivePlaylistWriter().segments(0, 2).open(3, 1);
        MediaPlaylist copy = copyOf(w.playlist);
        PlaylistTail older = w.playlist.tail(3);
        w.part(3, 1).part(3, 2);
        PlaylistTail newer = w.playlist.tail(3);
        assertThat(newer.version()).isGreaterThan(older.version());

        assertThat(copy.merge(newer)).isTrue();
        String text = copy.render(FULL);
        assertThat(copy.merge(older)).isTrue();
        assertThat(copy.merge(newer)).isTrue();
        assertThat(copy.render(FULL)).isEqualTo(text).isEqualTo(w.playlist.render(FULL));
        assertThat(copy.edge()).isEqualTo(new LiveEdge(3, 2));
    }

    @Test
    void aTailBeyondTheNextSegmentDoesNotConnectAndAReloadFromStorageRecovers() {
        LivePlaylistWriter w = new LivePlaylistWriter().segments(0, 2);
        MediaPlaylist copy = copyOf(w.playlist);
        w.segments(3, 8).open(9, 1);
        String before = copy.render(FULL);
        assertThat(copy.merge(w.playlist.tail(3))).isFalse();
        assertThat(copy.render(FULL)).isEqualTo(before);

        MediaPlaylist reloaded = copyOf(w.playlist);
        assertThat(reloaded.merge(w.playlist.tail(3))).isTrue();
        assertThat(reloaded.render(FULL)).isEqualTo(w.playlist.render(FULL));
    }

    @Test
    void aTailThatOnlyOverlapsByItsOldestSegmentStillConnects() {
        LivePlaylistWriter w = new LivePlaylistWriter().segments(0, 2);
        MediaPlaylist copy = copyOf(w.playlist);
        w.segments(3, 5);
        assertThat(copy.merge(w.playlist.tail(3))).isTrue();
        assertThat(copy.render()).isEqualTo(w.playlist.render());
    }

    @Test
    void aReconnectAfterTheLastSegmentIsFollowedAcrossTheDiscontinuity() {
        LivePlaylistWriter w = new LivePlaylistWriter().segments(0, 2);
        MediaPlaylist copy = copyOf(w.playlist);
        w.reconnect(6, 4.0).open(6, 2);
        assertThat(copy.merge(w.playlist.tail(3))).isTrue();
        w.part(6, 2).part(6, 3).part(6, 4).part(6, 5).complete(6).segment(7);
        assertThat(copy.merge(w.playlist.tail(3))).isTrue();
        assertThat(copy.render(FULL)).isEqualTo(w.playlist.render(FULL)).contains("#EXT-X-MAP:URI=\"init-6.mp4\"");
    }

    @Test
    void anEndedTailEndsTheCopy() {
        LivePlaylistWriter w = new LivePlaylistWriter().segments(0, 2).open(3, 2);
        MediaPlaylist copy = copyOf(w.playlist);
        assertThat(copy.merge(w.playlist.tail(3))).isTrue();
        w.part(3, 2).complete(3);
        w.playlist.end();
        assertThat(copy.merge(w.playlist.tail(3))).isTrue();
        assertThat(copy.isEnded()).isTrue();
        assertThat(copy.render(FULL))
                .isEqualTo(w.playlist.render(FULL))
                .endsWith("3.m4s\n#EXT-X-ENDLIST\n")
                .doesNotContain("PRELOAD-HINT");
        assertThat(BlockingReload.parse("9", null, null).decide(copy)).isEqualTo(BlockingReload.Decision.READY);
    }

    @Test
    void anEndThatDropsAnOpenSegmentStillComesAfterItsTails() {
        LivePlaylistWriter w = new LivePlaylistWriter().segments(0, 2).open(3, 4);
        MediaPlaylist copy = copyOf(w.playlist);
        PlaylistTail whileOpen = w.playlist.tail(3);
        assertThat(copy.merge(whileOpen)).isTrue();
        w.playlist.end(); // the publisher vanished mid-segment: segment 3 is never completed
        PlaylistTail ended = w.playlist.tail(3);
        assertThat(ended.version()).isGreaterThan(whileOpen.version());
        assertThat(copy.merge(ended)).isTrue();
        assertThat(copy.isEnded()).isTrue();
        assertThat(copy.merge(whileOpen)).isTrue();
        assertThat(copy.isEnded()).isTrue();
        assertThat(copy.render(FULL)).isEqualTo(w.playlist.render(FULL)).doesNotContain("3.0.m4s");
        long version = w.playlist.version();
        w.playlist.end();
        assertThat(w.playlist.version()).isEqualTo(version);

        // The session resumes: its next epoch numbers after the dropped segment, so versions go on growing.
        w.reconnect(4, 2.0).open(4, 1);
        assertThat(w.playlist.version()).isGreaterThan(version);
        assertThat(copy.merge(w.playlist.tail(3))).isTrue();
        assertThat(copy.render(FULL)).isEqualTo(w.playlist.render(FULL));
    }

    @Test
    void anEmptyCopyTakesAnyTail() {
        LivePlaylistWriter w = new LivePlaylistWriter().segments(0, 1).open(2, 1);
        MediaPlaylist copy = new MediaPlaylist(TARGET, WINDOW, LL);
        assertThat(copy.merge(new PlaylistTail(0, List.of(), null, false))).isTrue();
        assertThat(copy.merge(w.playlist.tail(5))).isTrue();
        assertThat(copy.render(FULL)).isEqualTo(w.playlist.render(FULL));
    }

    @Test
    void theVersionGrowsWithEveryChangeAndSurvivesACopyThroughStorage() {
        LivePlaylistWriter w = new LivePlaylistWriter();
        long last = w.playlist.version();
        assertThat(last).isZero();
        for (long seq = 0; seq < 3; seq++) {
            w.open(seq, 0);
            assertThat(w.playlist.version()).isGreaterThan(last);
            last = w.playlist.version();
            for (int i = 0; i < LivePlaylistWriter.PARTS; i++) {
                w.part(seq, i);
                assertThat(w.playlist.version()).isGreaterThan(last);
                last = w.playlist.version();
            }
            w.complete(seq);
            assertThat(w.playlist.version()).isGreaterThan(last);
            last = w.playlist.version();
            // A writer restarted from storage goes on from the same version.
            assertThat(copyOf(w.playlist).version()).isEqualTo(last);
        }
        w.playlist.end();
        assertThat(w.playlist.version()).isGreaterThan(last);
        assertThat(copyOf(w.playlist).version()).isEqualTo(w.playlist.version());
    }
}
