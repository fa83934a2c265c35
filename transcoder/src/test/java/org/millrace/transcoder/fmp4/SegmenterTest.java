package org.millrace.transcoder.fmp4;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The cutting rules on synthetic timelines (the real-media checks are in {@link Fmp4WriterTest}). */
class SegmenterTest {
    private final List<String> events = new ArrayList<>();
    private final Segmenter.Output output = new Segmenter.Output() {
        @Override
        public void part(Segmenter.Part part) {
            events.add("p" + part.segment() + "." + part.index() + "x"
                    + part.samples().size() + (part.independent() ? "i" : ""));
        }

        @Override
        public void segment(Segmenter.SegmentEnd end) {
            events.add("s" + end.segment() + "/" + end.parts() + "@" + end.duration());
        }
    };

    @Test
    void aPartIsHandedOutAsSoonAsTheNextFrameWouldNotFit() throws Exception {
        // 10 fps, timescale 1000, parts of at most 333 ms: 3 frames each
        Segmenter s =
                new Segmenter(TrackFormat.Kind.VIDEO, 1000, Duration.ofMillis(333), Duration.ofSeconds(1), output);
        s.push(frame(0, true));
        s.push(frame(100, false));
        assertThat(events).isEmpty();
        s.push(frame(200, false));
        assertThat(events).containsExactly("p0.0x3i");
    }

    @Test
    void aThirdOfASecondTargetGivesTenFramePartsAtThirtyFps() throws Exception {
        // MILLRACE_HLS_PART_MS=333 means "1/3 s parts": ten 30 fps frames are 333.3 ms, within the target counted
        // in whole milliseconds as the playlist lists it (they were cut into nine-frame parts of 300 ms before).
        Segmenter s =
                new Segmenter(TrackFormat.Kind.VIDEO, 90000, Duration.ofMillis(333), Duration.ofSeconds(2), output);
        for (int f = 0; f < 60; f++) {
            s.push(new Sample(f * 3000L, f * 3000L, 3000, f == 0, new byte[] {1}));
        }
        s.finish();
        assertThat(events)
                .containsExactly("p0.0x10i", "p0.1x10", "p0.2x10", "p0.3x10", "p0.4x10", "p0.5x10", "s0/6@180000");
    }

    @Test
    void aPartNeverReachesAWholeMillisecondBeyondTheTarget() throws Exception {
        // 11 frames of 30.3 ms are 333.3 ms: fit; 11 frames of 30.4 ms (334.4 ms) do not.
        Segmenter fits =
                new Segmenter(TrackFormat.Kind.VIDEO, 10000, Duration.ofMillis(333), Duration.ofSeconds(2), output);
        for (int f = 0; f < 11; f++) {
            fits.push(new Sample(f * 303L, f * 303L, 303, f == 0, new byte[] {1}));
        }
        assertThat(events).containsExactly("p0.0x11i");
        events.clear();
        Segmenter over =
                new Segmenter(TrackFormat.Kind.VIDEO, 10000, Duration.ofMillis(333), Duration.ofSeconds(2), output);
        for (int f = 0; f < 11; f++) {
            over.push(new Sample(f * 304L, f * 304L, 304, f == 0, new byte[] {1}));
        }
        assertThat(events).containsExactly("p0.0x10i");
    }

    @Test
    void aVideoSegmentWaitsForAKeyframe() throws Exception {
        Segmenter s =
                new Segmenter(TrackFormat.Kind.VIDEO, 1000, Duration.ofMillis(333), Duration.ofSeconds(1), output);
        for (int t = 0; t < 1500; t += 100) {
            s.push(frame(t, t == 0 || t == 1300));
        }
        s.finish();
        assertThat(events)
                .containsExactly("p0.0x3i", "p0.1x3", "p0.2x3", "p0.3x3", "p0.4x1", "s0/5@1300", "p1.0x2i", "s1/1@200");
    }

    @Test
    void decodeTimesThatGoBackAreMovedForward() throws Exception {
        Segmenter s =
                new Segmenter(TrackFormat.Kind.VIDEO, 1000, Duration.ofMillis(333), Duration.ofSeconds(1), output);
        s.push(frame(0, true));
        s.push(frame(100, false));
        s.push(frame(50, false));
        s.finish();
        assertThat(s.reordered()).isEqualTo(1);
        assertThat(events).containsExactly("p0.0x3i", "s0/1@201");
    }

    @Test
    void aSampleLongerThanThePartTargetIsAPartOfItsOwn() throws Exception {
        Segmenter s =
                new Segmenter(TrackFormat.Kind.AUDIO, 1000, Duration.ofMillis(333), Duration.ofSeconds(2), output);
        s.push(new Sample(0, 0, 500, true, new byte[1]));
        s.push(new Sample(500, 500, 100, true, new byte[1]));
        s.finish();
        assertThat(events).containsExactly("p0.0x1i", "p0.1x1i", "s0/2@600");
    }

    @Test
    void nothingPushedHandsOutNothing() throws Exception {
        new Segmenter(TrackFormat.Kind.AUDIO, 48000, Duration.ofMillis(333), Duration.ofSeconds(2), output).finish();
        assertThat(events).isEmpty();
    }

    private static Sample frame(long t, boolean key) {
        return new Sample(t, t, 100, key, new byte[] {1});
    }
}
