package org.millrace.hls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.millrace.hls.BlockingReload.Decision.READY;
import static org.millrace.hls.BlockingReload.Decision.TOO_FAR;
import static org.millrace.hls.BlockingReload.Decision.WAIT;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Delivery directives (RFC 8216bis 6.2.5): parsing them and deciding when to answer. */
class BlockingReloadTest {
    private static final Duration PART_TARGET = Duration.ofMillis(333);

    private static BlockingReload.Decision decide(String msn, String part, LiveEdge edge) {
        return BlockingReload.parse(msn, part, null).decide(edge, PART_TARGET);
    }

    @Test
    void directivesAreRead() {
        assertThat(BlockingReload.parse(null, null, null)).isEqualTo(BlockingReload.NONE);
        assertThat(BlockingReload.parse("12", "3", "YES")).isEqualTo(new BlockingReload(12, 3, true));
        assertThat(BlockingReload.parse("0", null, "v2")).isEqualTo(new BlockingReload(0, -1, true));
        assertThat(BlockingReload.parse(null, null, "YES")).isEqualTo(new BlockingReload(-1, -1, true));
        assertThat(BlockingReload.parse("007", "0", null).blocks()).isTrue();
        assertThat(BlockingReload.parse(null, null, "YES").blocks()).isFalse();
        assertThat(BlockingReload.parse("999999999999999", "999999", null).msn())
                .isEqualTo(999_999_999_999_999L);
    }

    @ParameterizedTest
    @CsvSource(
            value = {
                "abc,-,-",
                "-1,-,-",
                "+1,-,-",
                "' 1',-,-",
                "1.0,-,-",
                "'',-,-",
                "0x10,-,-",
                "1000000000000000,-,-",
                "99999999999999999999999,-,-",
                "1,-1,-",
                "1,1e3,-",
                "1,1000000,-",
                "-,0,-",
                "1,'',-",
                "1,-,yes",
                "1,-,NO",
                "-,-,''",
                "-,-,v3"
            },
            nullValues = "-")
    void hostileDirectivesAreRefusedClearly(String msn, String part, String skip) {
        assertThatThrownBy(() -> BlockingReload.parse(msn, part, skip))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("_HLS_");
    }

    @Test
    void whileASegmentIsBeingWritten() {
        LiveEdge edge = new LiveEdge(10, 2); // parts 0..2 of segment 10 exist, segment 9 is complete
        assertThat(decide(null, null, edge)).isEqualTo(READY);
        assertThat(decide("3", null, edge)).isEqualTo(READY);
        assertThat(decide("9", null, edge)).isEqualTo(READY);
        assertThat(decide("9", "40", edge)).isEqualTo(READY); // a complete segment, listed whole with its parts
        assertThat(decide("10", "0", edge)).isEqualTo(READY);
        assertThat(decide("10", "2", edge)).isEqualTo(READY);
        assertThat(decide("10", "3", edge)).isEqualTo(WAIT);
        assertThat(decide("10", null, edge)).isEqualTo(WAIT);
        assertThat(decide("11", null, edge)).isEqualTo(WAIT);
        assertThat(decide("11", "0", edge)).isEqualTo(WAIT);
        assertThat(decide("12", null, edge)).isEqualTo(TOO_FAR); // more than two beyond the last complete (9)
        assertThat(decide("1000", null, edge)).isEqualTo(TOO_FAR);
        // The Advance Part Limit at a 1/3 s part target is 9 parts beyond the newest.
        assertThat(decide("10", "11", edge)).isEqualTo(WAIT);
        assertThat(decide("10", "12", edge)).isEqualTo(TOO_FAR);
        assertThat(decide("11", "8", edge)).isEqualTo(WAIT);
        assertThat(decide("11", "9", edge)).isEqualTo(TOO_FAR);
    }

    @Test
    void betweenSegments() {
        LiveEdge edge = new LiveEdge(10, -1); // segment 10 complete, no part of 11 yet
        assertThat(decide("10", null, edge)).isEqualTo(READY);
        assertThat(decide("10", "5", edge)).isEqualTo(READY);
        assertThat(decide("11", null, edge)).isEqualTo(WAIT);
        assertThat(decide("11", "0", edge)).isEqualTo(WAIT);
        assertThat(decide("12", "0", edge)).isEqualTo(WAIT);
        assertThat(decide("11", "8", edge)).isEqualTo(WAIT);
        assertThat(decide("11", "9", edge)).isEqualTo(TOO_FAR);
        assertThat(decide("13", null, edge)).isEqualTo(TOO_FAR);
        assertThat(decide("0", null, LiveEdge.NOTHING)).isEqualTo(WAIT);
        assertThat(decide("1", "0", LiveEdge.NOTHING)).isEqualTo(WAIT);
        assertThat(decide("2", null, LiveEdge.NOTHING)).isEqualTo(TOO_FAR);
    }

    @Test
    void aPartPastTheLastOfACompleteSegmentIsPartZeroOfTheNext() {
        // RFC 8216bis 6.2.5.2: "If the _HLS_part is greater than the final Partial Segment of the Parent Segment,
        // the Server MUST treat the request as one for Part Index 0 of the following Parent Segment." hls.js asks
        // for the part after the newest it saw, not knowing that it was its segment's last.
        LiveEdge edge = new LiveEdge(10, -1, 6); // segment 10 complete with parts 0..5, no part of 11 yet
        assertThat(decide("10", "5", edge)).isEqualTo(READY);
        assertThat(decide("10", "6", edge)).isEqualTo(WAIT);
        assertThat(decide("10", "40", edge)).isEqualTo(WAIT);
        assertThat(decide("9", "40", edge)).isEqualTo(READY); // part 0 of 10 exists
        assertThat(decide("10", null, edge)).isEqualTo(READY);

        LivePlaylistWriter w = new LivePlaylistWriter().segments(0, 1).open(2, 5);
        BlockingReload afterNewest = BlockingReload.parse("2", "5", null);
        assertThat(afterNewest.decide(w.playlist)).isEqualTo(WAIT);
        w.part(2, 5).complete(2); // 2.5 was the segment's last part: 2.6 is 3.0
        BlockingReload pastLast = BlockingReload.parse("2", "6", null);
        assertThat(afterNewest.decide(w.playlist)).isEqualTo(READY);
        assertThat(pastLast.decide(w.playlist)).isEqualTo(WAIT);
        w.open(3, 1);
        assertThat(pastLast.decide(w.playlist)).isEqualTo(READY);
    }

    @Test
    void theAdvancePartLimitIsThreePartTargetsOfASecondOrThreeParts() {
        assertThat(BlockingReload.advancePartLimit(Duration.ofMillis(333))).isEqualTo(9);
        assertThat(BlockingReload.advancePartLimit(Duration.ofMillis(500))).isEqualTo(6);
        assertThat(BlockingReload.advancePartLimit(Duration.ofMillis(1000))).isEqualTo(3);
        assertThat(BlockingReload.advancePartLimit(Duration.ofSeconds(2))).isEqualTo(3);
        assertThat(BlockingReload.parse("10", "4", null).decide(new LiveEdge(10, 1), Duration.ofSeconds(1)))
                .isEqualTo(WAIT);
        assertThat(BlockingReload.parse("10", "5", null).decide(new LiveEdge(10, 1), Duration.ofSeconds(1)))
                .isEqualTo(TOO_FAR);
    }

    @Test
    void aPlaylistDecidesAgainWithEachNewPartAndAnEndedOneAnswersAtOnce() {
        LivePlaylistWriter w = new LivePlaylistWriter().segments(0, 1).open(2, 1);
        BlockingReload next = BlockingReload.parse("2", "1", null);
        assertThat(next.decide(w.playlist)).isEqualTo(WAIT);
        w.part(2, 1);
        assertThat(next.decide(w.playlist)).isEqualTo(READY);
        BlockingReload nextSegment = BlockingReload.parse("3", null, null);
        assertThat(nextSegment.decide(w.playlist)).isEqualTo(WAIT);
        w.part(2, 2).part(2, 3).part(2, 4).part(2, 5).complete(2);
        assertThat(nextSegment.decide(w.playlist)).isEqualTo(WAIT);
        w.segment(3);
        assertThat(nextSegment.decide(w.playlist)).isEqualTo(READY);

        BlockingReload far = BlockingReload.parse("9", null, null);
        assertThat(far.decide(w.playlist)).isEqualTo(TOO_FAR);
        w.playlist.end();
        assertThat(far.decide(w.playlist)).isEqualTo(READY);
        MediaPlaylist classic = new MediaPlaylist(LivePlaylistWriter.TARGET, Duration.ofHours(2));
        assertThat(BlockingReload.parse("5", "0", null).decide(classic)).isEqualTo(READY);
    }

    @Test
    void aPartWithoutASegmentCannotBeBuilt() {
        assertThatThrownBy(() -> new BlockingReload(-1, 2, false)).isInstanceOf(IllegalArgumentException.class);
    }
}
