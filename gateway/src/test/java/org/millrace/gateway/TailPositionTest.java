package org.millrace.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.millrace.hls.HlsPart;
import org.millrace.hls.HlsSegment;
import org.millrace.hls.OpenSegment;
import org.millrace.hls.PlaylistTail;
import org.millrace.hls.RenditionReport;

class TailPositionTest {
    private static final Instant T = Instant.parse("2026-11-30T12:00:00Z");

    private static HlsSegment segment(long sequence, int parts) {
        return new HlsSegment(sequence, 1.0, sequence + ".m4s", T, "init-0.mp4", false, false, parts(sequence, parts));
    }

    private static List<HlsPart> parts(long sequence, int count) {
        return java.util.stream.IntStream.range(0, count)
                .mapToObj(i -> new HlsPart(i, 0.333, sequence + "." + i + ".m4s", i == 0, false))
                .toList();
    }

    @Test
    void placesAPartAgainstTheEdge() {
        PlaylistTail tail = new PlaylistTail(
                9,
                List.of(segment(4, 3), segment(5, 3)),
                new OpenSegment(6, T, "init-0.mp4", false, parts(6, 2)),
                false);
        assertThat(TailPosition.of(tail, 5, 2)).isEqualTo(TailPosition.Part.ANNOUNCED);
        assertThat(TailPosition.of(tail, 6, 1)).isEqualTo(TailPosition.Part.ANNOUNCED);
        assertThat(TailPosition.of(tail, 2, 0)).isEqualTo(TailPosition.Part.BEHIND);
        assertThat(TailPosition.of(tail, 5, 3)).isEqualTo(TailPosition.Part.BEHIND);
        assertThat(TailPosition.of(tail, 6, 2)).isEqualTo(TailPosition.Part.NEXT);
        assertThat(TailPosition.of(tail, 7, 0)).isEqualTo(TailPosition.Part.NEXT);
        assertThat(TailPosition.of(tail, 6, 3)).isEqualTo(TailPosition.Part.FAR);
        assertThat(TailPosition.of(tail, 7, 1)).isEqualTo(TailPosition.Part.FAR);
        assertThat(TailPosition.of(tail, 9, 0)).isEqualTo(TailPosition.Part.FAR);
    }

    @Test
    void betweenSegmentsTheNextIsTheFirstPartOfTheNextSegmentAndAnEndedTailHasNone() {
        PlaylistTail between = new PlaylistTail(9, List.of(segment(4, 3)), null, false);
        assertThat(TailPosition.of(between, 5, 0)).isEqualTo(TailPosition.Part.NEXT);
        assertThat(TailPosition.of(between, 5, 1)).isEqualTo(TailPosition.Part.FAR);
        PlaylistTail ended = new PlaylistTail(10, List.of(segment(4, 3)), null, true);
        assertThat(TailPosition.of(ended, 5, 0)).isEqualTo(TailPosition.Part.FAR);
        assertThat(TailPosition.of(ended, 4, 1)).isEqualTo(TailPosition.Part.ANNOUNCED);
    }

    @Test
    void aGapPartIsLeftToStorage() {
        PlaylistTail tail = new PlaylistTail(
                9,
                List.of(new HlsSegment(
                        4, 1.0, "4.m4s", T, null, false, false, List.of(new HlsPart(0, 0.3, "4.0.m4s", true, true)))),
                null,
                false);
        assertThat(TailPosition.of(tail, 4, 0)).isEqualTo(TailPosition.Part.BEHIND);
    }

    @Test
    void reportsTheNewestPart() {
        PlaylistTail open =
                new PlaylistTail(9, List.of(segment(4, 3)), new OpenSegment(5, T, null, false, parts(5, 2)), false);
        assertThat(TailPosition.report("../a/index.m3u8", open))
                .isEqualTo(new RenditionReport("../a/index.m3u8", 5, 1));
        PlaylistTail between = new PlaylistTail(9, List.of(segment(4, 3)), null, false);
        assertThat(TailPosition.report("u", between)).isEqualTo(new RenditionReport("u", 4, 2));
        assertThat(TailPosition.report("u", new PlaylistTail(1, List.of(), null, false)))
                .isNull();
    }
}
