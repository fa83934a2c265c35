package org.millrace.recorder.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.millrace.hls.VodPlaylistWriter;

/** What of the inventory the VOD playlist lists: file names beside the playlist, each segment with its epoch's init. */
class VodSegmentsTest {
    private static final String P = "live/s/x/source/";

    @Test
    void storedSegmentsAreListedByFileNameWithTheirInit() {
        SessionInventory.Init first = new SessionInventory.Init(0, P + "init-0.mp4");
        SessionInventory.Init second = new SessionInventory.Init(4, P + "init-4.mp4");
        SessionInventory.Rendition r = new SessionInventory.Rendition(
                "source", List.of(first, second), List.of(seg(0, 2.0, first), seg(3, 2.6, first), seg(4, 2.0, second)));
        assertThat(SessionRecordingBuilder.vodSegments(r))
                .containsExactly(
                        new VodPlaylistWriter.Segment(0, 2.0, "0.m4s", "init-0.mp4"),
                        new VodPlaylistWriter.Segment(3, 2.6, "3.m4s", "init-0.mp4"),
                        new VodPlaylistWriter.Segment(4, 2.0, "4.m4s", "init-4.mp4"));
        assertThat(r.epochs()).hasSize(2);
        assertThat(r.durationSeconds()).isEqualTo(6.6, org.assertj.core.data.Offset.offset(1e-9));
    }

    private static SessionInventory.Segment seg(long sequence, double seconds, SessionInventory.Init init) {
        return new SessionInventory.Segment(sequence, P + sequence + ".m4s", 1000, seconds, init);
    }
}
