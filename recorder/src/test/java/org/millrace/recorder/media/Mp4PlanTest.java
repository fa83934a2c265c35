package org.millrace.recorder.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The MP4's parts: a new one at each resume and each missing video segment, with the audio over the same span. */
class Mp4PlanTest {
    private static final SessionInventory.Init V0 = new SessionInventory.Init(0, "v/init-0.mp4");
    private static final SessionInventory.Init V6 = new SessionInventory.Init(6, "v/init-6.mp4");
    private static final SessionInventory.Init A0 = new SessionInventory.Init(0, "a/init-0.mp4");
    private static final SessionInventory.Init A6 = new SessionInventory.Init(6, "a/init-6.mp4");

    @Test
    void splitsAtResumesAndHolesAndKeepsTheAudioTailOfAnEpoch() {
        SessionInventory.Rendition video = new SessionInventory.Rendition(
                "source",
                List.of(V0, V6),
                List.of(seg(0, V0), seg(1, V0), seg(3, V0), seg(4, V0), seg(6, V6), seg(7, V6)));
        SessionInventory.Rendition audio = new SessionInventory.Rendition(
                "audio",
                List.of(A0, A6),
                List.of(
                        seg(0, A0),
                        seg(1, A0),
                        seg(2, A0),
                        seg(3, A0),
                        seg(4, A0),
                        seg(5, A0),
                        seg(6, A6),
                        seg(7, A6),
                        seg(8, A6)));
        List<Mp4Plan.Part> parts = Mp4Plan.parts(video, audio);
        assertThat(parts).hasSize(3);
        assertThat(sequences(parts.get(0).video())).containsExactly(0L, 1L);
        assertThat(sequences(parts.get(0).audio())).containsExactly(0L, 1L);
        assertThat(sequences(parts.get(1).video())).containsExactly(3L, 4L);
        assertThat(sequences(parts.get(1).audio())).as("up to the next epoch").containsExactly(3L, 4L, 5L);
        assertThat(sequences(parts.get(2).video())).containsExactly(6L, 7L);
        assertThat(sequences(parts.get(2).audio())).containsExactly(6L, 7L, 8L);
        assertThat(parts.get(2).audio().get(0).init()).isSameAs(A6);
    }

    @Test
    void noAudioRenditionMeansVideoOnlyParts() {
        SessionInventory.Rendition video =
                new SessionInventory.Rendition("source", List.of(V0), List.of(seg(0, V0), seg(1, V0)));
        assertThat(Mp4Plan.parts(video, null)).singleElement().satisfies(p -> assertThat(p.audio())
                .isEmpty());
    }

    private static SessionInventory.Segment seg(long sequence, SessionInventory.Init init) {
        return new SessionInventory.Segment(sequence, sequence + ".m4s", 100, 2.0, init);
    }

    private static List<Long> sequences(List<SessionInventory.Segment> segments) {
        return segments.stream().map(SessionInventory.Segment::sequence).toList();
    }
}
