package org.millrace.hls.viewers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.millrace.hls.HlsPart;
import org.millrace.hls.HlsSegment;
import org.millrace.hls.LiveUris;
import org.millrace.hls.LowLatency;
import org.millrace.hls.MediaPlaylist;
import org.millrace.hls.RenderOptions;

/** The load generator reads the playlists the server writes (rendered here by the server's own hls module). */
class PlayerPlaylistTest {
    static final Instant T0 = Instant.parse("2026-01-02T03:04:05Z");

    /** Segments 0..{@code complete-1} of 2 s in ten 0.2 s parts, then {@code openParts} parts of the next. */
    static MediaPlaylist live(int complete, int openParts) {
        MediaPlaylist playlist = new MediaPlaylist(
                Duration.ofSeconds(2),
                Duration.ofHours(2),
                new LowLatency(Duration.ofMillis(200), 3, Duration.ofSeconds(12)));
        for (long seq = 0; seq <= complete; seq++) {
            Instant at = T0.plusSeconds(2 * seq);
            playlist.open(seq, at, LiveUris.init(0), false);
            int parts = seq == complete ? openParts : 10;
            for (int i = 0; i < parts; i++) {
                playlist.addPart(new HlsPart(i, 0.2, LiveUris.part(seq, i), i == 0, false));
            }
            if (seq < complete) {
                playlist.add(new HlsSegment(seq, 2.0, LiveUris.segment(seq), at, LiveUris.init(0), false, false));
            }
        }
        return playlist;
    }

    @Test
    void anLowLatencyPlaylistGivesSegmentsTheirPartsAndTheOpenSegmentsPartsApart() {
        PlayerPlaylist p = PlayerPlaylist.parse(live(5, 2).render(RenderOptions.FULL));
        assertThat(p.targetDuration()).isEqualTo(2);
        assertThat(p.partTarget()).isEqualTo(0.2);
        assertThat(p.canBlockReload()).isTrue();
        assertThat(p.canSkip()).isTrue();
        assertThat(p.ended()).isFalse();
        assertThat(p.mapUri()).isEqualTo("init-0.mp4");
        assertThat(p.segments()).extracting(PlayerPlaylist.Segment::sequence).containsExactly(0L, 1L, 2L, 3L, 4L);
        assertThat(p.segments())
                .extracting(PlayerPlaylist.Segment::uri)
                .containsExactly("0.m4s", "1.m4s", "2.m4s", "3.m4s", "4.m4s");
        // Parts are listed for the last three complete segments only.
        assertThat(p.segments()).extracting(s -> s.parts().size()).containsExactly(0, 0, 10, 10, 10);
        assertThat(p.segments().get(4).parts().get(9)).isEqualTo(new PlayerPlaylist.Part(4, 9, 0.2, "4.9.m4s"));
        assertThat(p.openParts())
                .containsExactly(
                        new PlayerPlaylist.Part(5, 0, 0.2, "5.0.m4s"), new PlayerPlaylist.Part(5, 1, 0.2, "5.1.m4s"));
        assertThat(p.nextSequence()).isEqualTo(5);
    }

    @Test
    void aDeltaUpdateNumbersItsSegmentsAfterTheSkippedOnes() {
        MediaPlaylist playlist = live(12, 3);
        PlayerPlaylist delta = PlayerPlaylist.parse(playlist.render(new RenderOptions(true, List.of())));
        PlayerPlaylist full = PlayerPlaylist.parse(playlist.render(RenderOptions.FULL));
        assertThat(delta.segments().size()).isLessThan(full.segments().size());
        assertThat(delta.segments())
                .isEqualTo(full.segments()
                        .subList(
                                full.segments().size() - delta.segments().size(),
                                full.segments().size()));
        assertThat(delta.openParts()).isEqualTo(full.openParts());
    }

    @Test
    void aClassicPlaylistHasSegmentsOnlyAndItsEnd() {
        MediaPlaylist playlist = live(3, 4);
        playlist.end();
        PlayerPlaylist p = PlayerPlaylist.parse(playlist.render());
        assertThat(p.canBlockReload()).isFalse();
        assertThat(p.segments()).extracting(PlayerPlaylist.Segment::sequence).containsExactly(0L, 1L, 2L);
        assertThat(p.segments()).allSatisfy(s -> assertThat(s.parts()).isEmpty());
        assertThat(p.openParts()).isEmpty();
        assertThat(p.ended()).isTrue();
    }

    @Test
    void whatIsNotAMediaPlaylistIsRefused() {
        assertThatThrownBy(() -> PlayerPlaylist.parse("<html>")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PlayerPlaylist.parse("#EXTM3U\n0.m4s\n")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PlayerPlaylist.parse("#EXTM3U\n#EXTINF:2,\n0.m4s\n"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
