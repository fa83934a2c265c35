package org.millrace.transcoder.hls;

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
}
