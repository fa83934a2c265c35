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
    void listsSegmentsWithTheMapAndTheDateOnTheFirstOnly() {
        MediaPlaylist p = new MediaPlaylist(Duration.ofSeconds(2), Duration.ofHours(2));
        p.add(seg(0, false));
        p.add(seg(1, false));
        assertThat(p.render())
                .isEqualTo(
                        """
                #EXTM3U
                #EXT-X-VERSION:7
                #EXT-X-TARGETDURATION:2
                #EXT-X-MEDIA-SEQUENCE:0
                #EXT-X-INDEPENDENT-SEGMENTS
                #EXT-X-MAP:URI="init-0.mp4"
                #EXT-X-PROGRAM-DATE-TIME:2026-01-02T03:04:05.678Z
                #EXTINF:2.000,
                0.m4s
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
        assertThat(text)
                .contains("#EXT-X-MEDIA-SEQUENCE:7\n")
                .contains("7.m4s")
                .contains("9.m4s")
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
        assertThat(text)
                .doesNotContain("ENDLIST")
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
        assertThat(text)
                .contains("#EXT-X-MEDIA-SEQUENCE:2\n#EXT-X-DISCONTINUITY-SEQUENCE:1\n")
                .doesNotContain("#EXT-X-DISCONTINUITY\n");
    }

    @Test
    void gapsAreMarkedAndLongSegmentsRaiseTheTargetDuration() {
        MediaPlaylist p = new MediaPlaylist(Duration.ofSeconds(2), Duration.ofHours(2));
        p.add(seg(0, false));
        p.add(new HlsSegment(1, 3.4, "1.m4s", T0, "init-0.mp4", false, true));
        assertThat(p.render())
                .contains("#EXT-X-VERSION:8")
                .contains("#EXT-X-TARGETDURATION:3")
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
    void aResumeThatNumbersAfterSequencesThisRenditionNeverReachedListsThemAsGaps() {
        // Clients number segments by position: an unlisted number would renumber every segment after it.
        MediaPlaylist p = new MediaPlaylist(Duration.ofSeconds(2), Duration.ofHours(2));
        p.add(seg(0, false));
        p.add(seg(3, true));
        assertThat(p.render())
                .contains("0.m4s\n#EXT-X-PROGRAM-DATE-TIME:2026-01-02T03:04:07.678Z\n#EXTINF:0.100,\n"
                        + "#EXT-X-GAP\n1.m4s\n#EXT-X-PROGRAM-DATE-TIME:2026-01-02T03:04:07.778Z\n#EXTINF:0.100,\n#EXT-X-GAP\n"
                        + "2.m4s\n#EXT-X-DISCONTINUITY\n")
                .contains("3.m4s\n");
        assertThat(p.nextSequence()).isEqualTo(4);
        MediaPlaylist read = MediaPlaylist.parse(p.render(), Duration.ofSeconds(2), Duration.ofHours(2));
        assertThat(read.render()).isEqualTo(p.render());

        // A jump too long to fill (storage could not be listed: numbering from the epoch second) stays a jump.
        p.add(seg(3 + MediaPlaylist.MAX_GAP_FILL + 2, true));
        assertThat(p.tail(2).segments())
                .extracting(HlsSegment::sequence)
                .containsExactly(3L, 3L + MediaPlaylist.MAX_GAP_FILL + 2);
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
        assertThat(read.render())
                .isEqualTo(written.render())
                .contains("#EXT-X-DISCONTINUITY\n#EXT-X-MAP:URI=\"init-12");
    }

    @Test
    void anEndedPlaylistReadBackStaysEndedUntilAppendedToAndTextThatIsNoPlaylistIsRefused() {
        MediaPlaylist written = new MediaPlaylist(Duration.ofSeconds(2), Duration.ofHours(2));
        written.add(seg(0, false));
        written.end();
        MediaPlaylist read = MediaPlaylist.parse(written.render(), Duration.ofSeconds(2), Duration.ofHours(2));
        assertThat(read.isEnded()).isTrue();
        assertThat(MediaPlaylist.endsList(written.render())).isTrue();
        assertThat(MediaPlaylist.endsList(written.render() + " \r\n\n")).isTrue();
        assertThat(MediaPlaylist.endsList(written.render().replace("#EXT-X-ENDLIST\n", "")))
                .isFalse();
        assertThat(MediaPlaylist.endsList("#EXTM3U\n#EXT-X-ENDLIST\n0.m4s\n")).isFalse();
        assertThat(read.render()).isEqualTo(written.render()).endsWith("#EXT-X-ENDLIST\n");
        read.add(new HlsSegment(3, 2.0, "3.m4s", T0.plusSeconds(60), "init-3.mp4", true, false));
        assertThat(read.render()).doesNotContain("ENDLIST");
        assertThatThrownBy(() -> MediaPlaylist.parse("<html>", Duration.ofSeconds(2), Duration.ofHours(2)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MediaPlaylist.parse("#EXTM3U\n0.m4s\n", Duration.ofSeconds(2), Duration.ofHours(2)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MediaPlaylist.parse(
                        "#EXTM3U\n#EXT-X-MEDIA-SEQUENCE:x\n", Duration.ofSeconds(2), Duration.ofHours(2)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MediaPlaylist.parse(
                        "#EXTM3U\n#EXT-X-MEDIA-SEQUENCE:0\n"
                                + "#EXT-X-PROGRAM-DATE-TIME:yesterday\n#EXTINF:2.0,\n0.m4s\n",
                        Duration.ofSeconds(2),
                        Duration.ofHours(2)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theDateIsWrittenOnTheFirstSegmentAfterDiscontinuitiesAndAroundGapsOnly() {
        MediaPlaylist p = new MediaPlaylist(Duration.ofSeconds(2), Duration.ofHours(2));
        for (int i = 0; i < 4; i++) {
            p.add(seg(i, false));
        }
        p.add(new HlsSegment(4, 2.0, "4.m4s", T0.plusSeconds(8), "init-0.mp4", false, true));
        p.add(seg(5, false));
        p.add(seg(6, false));
        p.add(new HlsSegment(7, 2.0, "7.m4s", T0.plusSeconds(100), "init-7.mp4", true, false));
        p.add(new HlsSegment(8, 2.0, "8.m4s", T0.plusSeconds(102), "init-7.mp4", false, false));
        String text = p.render();
        assertThat(text.split("#EXT-X-PROGRAM-DATE-TIME", -1)).hasSize(5);
        assertThat(text)
                .contains("#EXT-X-PROGRAM-DATE-TIME:2026-01-02T03:04:05.678Z\n#EXTINF:2.000,\n0.m4s\n")
                .contains("#EXT-X-PROGRAM-DATE-TIME:2026-01-02T03:04:13.678Z\n#EXTINF:2.000,\n#EXT-X-GAP\n4.m4s\n")
                .contains("#EXT-X-PROGRAM-DATE-TIME:2026-01-02T03:04:15.678Z\n#EXTINF:2.000,\n5.m4s\n")
                .contains("#EXT-X-DISCONTINUITY\n#EXT-X-MAP:URI=\"init-7.mp4\"\n"
                        + "#EXT-X-PROGRAM-DATE-TIME:2026-01-02T03:05:45.678Z\n#EXTINF:2.000,\n7.m4s\n")
                .contains("7.m4s\n#EXTINF:2.000,\n8.m4s\n");

        // The omitted dates are derived back exactly.
        MediaPlaylist read = MediaPlaylist.parse(text, Duration.ofSeconds(2), Duration.ofHours(2));
        assertThat(read.tail(100).segments())
                .extracting(HlsSegment::programDateTime)
                .isEqualTo(p.tail(100).segments().stream()
                        .map(HlsSegment::programDateTime)
                        .toList());
        assertThat(read.render()).isEqualTo(text);
    }

    @Test
    void aDateIsWrittenAgainOnlyWhereDurationsRoundedToMillisecondsWouldDriftPastTheTolerance() {
        // AAC-length segments (2.005333 s) list as 2.005: a reader adding them up drifts 1/3 ms a segment.
        MediaPlaylist p = new MediaPlaylist(Duration.ofSeconds(2), Duration.ofHours(2));
        double duration = 94 * 1024 / 48000.0;
        for (int i = 0; i < 600; i++) {
            p.add(new HlsSegment(
                    i, duration, i + ".m4s", T0.plusNanos(Math.round(i * duration * 1e9)), "init-0.mp4", false, false));
        }
        String text = p.render();
        int dates = text.split("#EXT-X-PROGRAM-DATE-TIME", -1).length - 1;
        assertThat(dates).isBetween(5, 12);
        MediaPlaylist read = MediaPlaylist.parse(text, Duration.ofSeconds(2), Duration.ofHours(2));
        var written = p.tail(600).segments();
        var derived = read.tail(600).segments();
        for (int i = 0; i < 600; i++) {
            long error = Duration.between(
                            written.get(i).programDateTime(), derived.get(i).programDateTime())
                    .toMillis();
            assertThat(Math.abs(error))
                    .as("segment %d", i)
                    .isLessThanOrEqualTo(MediaPlaylistRenderer.DATE_DRIFT_MS + 1);
        }
        assertThat(read.render()).isEqualTo(text);
    }

    @Test
    void aPlaylistFromBeforeSparseDatesIsStillRead() {
        String old =
                """
                #EXTM3U
                #EXT-X-VERSION:7
                #EXT-X-TARGETDURATION:2
                #EXT-X-MEDIA-SEQUENCE:4
                #EXT-X-INDEPENDENT-SEGMENTS
                #EXT-X-MAP:URI="init-0.mp4"
                #EXT-X-PROGRAM-DATE-TIME:2026-01-02T03:04:05.678Z
                #EXTINF:2.000,
                4.m4s
                #EXT-X-PROGRAM-DATE-TIME:2026-01-02T03:04:07.678Z
                #EXTINF:2.000,
                5.m4s
                #EXT-X-PROGRAM-DATE-TIME:2026-01-02T03:04:09.690Z
                #EXTINF:2.000,
                6.m4s
                """;
        MediaPlaylist read = MediaPlaylist.parse(old, Duration.ofSeconds(2), Duration.ofHours(2));
        assertThat(read.tail(3).segments())
                .extracting(s -> s.programDateTime().toString())
                .containsExactly("2026-01-02T03:04:05.678Z", "2026-01-02T03:04:07.678Z", "2026-01-02T03:04:09.690Z");
        assertThat(read.nextSequence()).isEqualTo(7);
        // Within the tolerance: the third date now follows from the second.
        assertThat(read.render()).contains("#EXTINF:2.000,\n5.m4s\n#EXTINF:2.000,\n6.m4s\n");
    }
}
