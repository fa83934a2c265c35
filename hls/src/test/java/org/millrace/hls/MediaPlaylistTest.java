package org.millrace.hls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class MediaPlaylistTest {
    private static final Instant T0 = Instant.parse("2026-01-02T03:04:05.678Z");

    private static HlsSegment seg(long seq, boolean discontinuity) {
        return new HlsSegment(seq, 2.0, seq + ".m4s", T0.plusSeconds(2 * seq), "init-0.mp4", discontinuity, false);
    }

    @Test
    void listsSegmentsWithProgramDateTimeAndMap() {
        MediaPlaylist p = new MediaPlaylist(Duration.ofSeconds(2), Duration.ofHours(2));
        p.add(seg(0, false));
        p.add(seg(1, false));
        assertThat(p.render()).isEqualTo("""
                #EXTM3U
                #EXT-X-VERSION:7
                #EXT-X-TARGETDURATION:2
                #EXT-X-MEDIA-SEQUENCE:0
                #EXT-X-INDEPENDENT-SEGMENTS
                #EXT-X-MAP:URI="init-0.mp4"
                #EXT-X-PROGRAM-DATE-TIME:2026-01-02T03:04:05.678Z
                #EXTINF:2.000,
                0.m4s
                #EXT-X-PROGRAM-DATE-TIME:2026-01-02T03:04:07.678Z
                #EXTINF:2.000,
                1.m4s
                """);
        assertThat(p.nextSequence()).isEqualTo(2);
    }

    @Test
    void theWindowDropsTheOldestAndAdvancesTheMediaSequence() {
        MediaPlaylist p = new MediaPlaylist(Duration.ofSeconds(2), Duration.ofSeconds(6));
        for (int i = 0; i < 10; i++) {
            p.add(seg(i, false));
        }
        String text = p.render();
        assertThat(text).contains("#EXT-X-MEDIA-SEQUENCE:7\n").contains("7.m4s").contains("9.m4s")
                .doesNotContain("6.m4s");
        assertThat(text.split("#EXTINF", -1)).hasSize(4);
    }

    @Test
    void aResumeAddsADiscontinuityWithItsOwnInitSegmentAndReopensAnEndedPlaylist() {
        MediaPlaylist p = new MediaPlaylist(Duration.ofSeconds(2), Duration.ofHours(2));
        p.add(seg(0, false));
        p.end();
        assertThat(p.render()).endsWith("0.m4s\n#EXT-X-ENDLIST\n");
        p.add(new HlsSegment(1, 2.0, "1.m4s", T0.plusSeconds(60), "init-1.mp4", true, false));
        String text = p.render();
        assertThat(text).doesNotContain("ENDLIST")
                .contains("0.m4s\n#EXT-X-DISCONTINUITY\n#EXT-X-MAP:URI=\"init-1.mp4\"\n"
                        + "#EXT-X-PROGRAM-DATE-TIME:2026-01-02T03:05:05.678Z\n#EXTINF:2.000,\n1.m4s\n");
        p.end();
        assertThat(p.render()).endsWith("#EXT-X-ENDLIST\n");
    }

    @Test
    void aDiscontinuityLeavingTheWindowIsCountedByTheDiscontinuitySequence() {
        MediaPlaylist p = new MediaPlaylist(Duration.ofSeconds(2), Duration.ofSeconds(4));
        p.add(seg(0, false));
        p.add(seg(1, true));
        p.add(seg(2, false));
        p.add(seg(3, false));
        String text = p.render();
        assertThat(text).contains("#EXT-X-MEDIA-SEQUENCE:2\n#EXT-X-DISCONTINUITY-SEQUENCE:1\n")
                .doesNotContain("#EXT-X-DISCONTINUITY\n");
    }

    @Test
    void gapsAreMarkedAndLongSegmentsRaiseTheTargetDuration() {
        MediaPlaylist p = new MediaPlaylist(Duration.ofSeconds(2), Duration.ofHours(2));
        p.add(seg(0, false));
        p.add(new HlsSegment(1, 3.4, "1.m4s", T0, "init-0.mp4", false, true));
        assertThat(p.render()).contains("#EXT-X-VERSION:8").contains("#EXT-X-TARGETDURATION:3")
                .contains("#EXTINF:3.400,\n#EXT-X-GAP\n1.m4s\n");
    }

    @Test
    void sequencesMustFollowEachOther() {
        MediaPlaylist p = new MediaPlaylist(Duration.ofSeconds(2), Duration.ofHours(2));
        p.add(seg(0, false));
        assertThatThrownBy(() -> p.add(seg(2, false))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> p.add(seg(0, true))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aResumeMayNumberAfterSequencesThisRenditionNeverReached() {
        MediaPlaylist p = new MediaPlaylist(Duration.ofSeconds(2), Duration.ofHours(2));
        p.add(seg(0, false));
        p.add(seg(2, true));
        assertThat(p.render()).contains("0.m4s\n#EXT-X-DISCONTINUITY\n").contains("2.m4s\n");
        assertThat(p.nextSequence()).isEqualTo(3);
    }

    @Test
    void aPlaylistReadBackRendersTheSameAndGoesOnAfterADiscontinuity() {
        // Another node's playlist: a window that dropped a discontinuity, a gap, a jump over an unlisted segment.
        MediaPlaylist written = new MediaPlaylist(Duration.ofSeconds(2), Duration.ofSeconds(6));
        written.add(seg(0, false));
        written.add(seg(1, false));
        written.add(new HlsSegment(5, 2.0, "5.m4s", T0.plusSeconds(20), "init-5.mp4", true, false));
        written.add(new HlsSegment(6, 1.5, "6.m4s", T0.plusSeconds(22), "init-5.mp4", false, true));
        written.add(new HlsSegment(9, 2.0, "9.m4s", T0.plusSeconds(30), "init-9.mp4", true, false));
        written.add(seg(10, false));
        MediaPlaylist read = MediaPlaylist.parse(written.render(), Duration.ofSeconds(2), Duration.ofSeconds(6));
        assertThat(read.render()).isEqualTo(written.render());
        assertThat(read.nextSequence()).isEqualTo(11);

        HlsSegment resumed = new HlsSegment(12, 2.0, "12.m4s", T0.plusSeconds(40), "init-12.mp4", true, false);
        written.add(resumed);
        read.add(resumed);
        assertThat(read.render()).isEqualTo(written.render()).contains("#EXT-X-DISCONTINUITY\n#EXT-X-MAP:URI=\"init-12");
    }

    @Test
    void anEndedPlaylistReadBackIsReopenedAndTextThatIsNoPlaylistIsRefused() {
        MediaPlaylist written = new MediaPlaylist(Duration.ofSeconds(2), Duration.ofHours(2));
        written.add(seg(0, false));
        written.end();
        assertThat(MediaPlaylist.parse(written.render(), Duration.ofSeconds(2), Duration.ofHours(2)).render())
                .doesNotContain("ENDLIST");
        assertThatThrownBy(() -> MediaPlaylist.parse("<html>", Duration.ofSeconds(2), Duration.ofHours(2)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MediaPlaylist.parse("#EXTM3U\n0.m4s\n", Duration.ofSeconds(2), Duration.ofHours(2)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
