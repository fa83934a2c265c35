package org.millrace.transcoder.fmp4;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts one track's samples into parts and segments, as LL-HLS wants them. A part holds whole samples and is at
 * most the part target long, counted in whole milliseconds (unless one sample alone is longer); it is handed out as soon as the next sample could
 * not fit in it, so it is published without waiting for that sample. A part that starts with a keyframe is
 * independent. A video segment ends before the first keyframe at which the segment duration is reached; an audio
 * segment ends at the media-time boundaries k × segment duration, so audio numbers its segments like the video
 * renditions whose keyframes sit on those boundaries. Decode times must not go back: a sample that does is moved
 * just after its predecessor (its presentation time is kept), counted in {@link #reordered()}.
 */
public final class Segmenter {
    /** One complete part: its segment (counted from 0), its index in the segment, samples and duration in ticks. */
    public record Part(long segment, int index, List<Sample> samples, boolean independent, long duration) {}

    /** A complete segment: every one of its {@code parts} was handed out before; duration in ticks. */
    public record SegmentEnd(long segment, int parts, long duration) {}

    /** Where the cuts go, in order: the parts of a segment, then its end. */
    public interface Output {
        void part(Part part) throws IOException;

        void segment(SegmentEnd segment) throws IOException;
    }

    private final boolean video;
    private final long partTarget;
    private final long segmentTarget;
    private final Output output;
    private final List<Sample> part = new ArrayList<>();
    private long segment = -1;
    private long segmentStartDts;
    private long segmentSlot;
    private int partIndex;
    private long lastDts = Long.MIN_VALUE;
    private Sample last;
    private long reordered;

    public Segmenter(
            TrackFormat.Kind kind, int timescale, Duration partTarget, Duration segmentDuration, Output output) {
        this.video = kind == TrackFormat.Kind.VIDEO;
        this.partTarget = partLimit(partTarget, timescale);
        this.segmentTarget = ticks(segmentDuration, timescale);
        if (this.partTarget <= 0 || this.segmentTarget < this.partTarget) {
            throw new IllegalArgumentException("part target " + partTarget + ", segment " + segmentDuration);
        }
        this.output = output;
    }

    public void push(Sample sample) throws IOException {
        Sample s = sample;
        if (s.dts() <= lastDts) {
            s = new Sample(lastDts + 1, s.pts(), s.duration(), s.key(), s.data());
            reordered++;
        }
        if (!part.isEmpty()) {
            // The previous sample's true duration is known now.
            Sample prev = part.get(part.size() - 1);
            part.set(
                    part.size() - 1, new Sample(prev.dts(), prev.pts(), s.dts() - prev.dts(), prev.key(), prev.data()));
        }
        if (segment < 0) {
            startSegment(s);
        } else if (startsSegment(s)) {
            closePart();
            output.segment(new SegmentEnd(segment, partIndex, s.dts() - segmentStartDts));
            startSegment(s);
        } else if (!part.isEmpty() && s.dts() + s.duration() - part.get(0).dts() > partTarget) {
            closePart();
        }
        part.add(s);
        lastDts = s.dts();
        last = s;
        if (s.dts() + 2 * s.duration() - part.get(0).dts() > partTarget) {
            closePart(); // full: a next sample like this one would not fit
        }
    }

    /** Hands out what is left: the last part and the end of the last segment. */
    public void finish() throws IOException {
        if (segment < 0) {
            return;
        }
        closePart();
        output.segment(new SegmentEnd(segment, partIndex, last.dts() + last.duration() - segmentStartDts));
        segment = -1;
    }

    /** Samples whose decode time went back and were moved forward. */
    public long reordered() {
        return reordered;
    }

    private boolean startsSegment(Sample s) {
        if (video) {
            return s.key() && s.dts() - segmentStartDts >= segmentTarget - s.duration() / 2;
        }
        return slot(s) > segmentSlot;
    }

    private void startSegment(Sample s) {
        segment++;
        segmentStartDts = s.dts();
        // The interval the segment's first sample ends in: a first sample just before a boundary (AAC priming
        // before 0) does not make a segment of its own.
        segmentSlot = Math.floorDiv(s.pts() + s.duration(), segmentTarget);
        partIndex = 0;
    }

    /** Which k × segment duration interval the sample's middle falls in. */
    private long slot(Sample s) {
        return Math.floorDiv(s.pts() + s.duration() / 2, segmentTarget);
    }

    private void closePart() throws IOException {
        if (part.isEmpty()) {
            return;
        }
        Sample first = part.get(0);
        Sample end = part.get(part.size() - 1);
        List<Sample> samples = List.copyOf(part);
        part.clear();
        output.part(new Part(segment, partIndex++, samples, first.key(), end.dts() + end.duration() - first.dts()));
    }

    /**
     * The longest part in ticks: under a whole millisecond beyond the target, the precision the playlist lists
     * durations in, so that 333 ms means the "1/3 s" a user meant (ten 30 fps frames, 333.3 ms); the playlist's
     * PART-TARGET is the longest part rounded up to the millisecond.
     */
    private static long partLimit(Duration target, int timescale) {
        return ((target.toNanos() + 1_000_000L) * timescale - 1) / 1_000_000_000L;
    }

    private static long ticks(Duration d, int timescale) {
        return d.toNanos() * timescale / 1_000_000_000L;
    }
}
