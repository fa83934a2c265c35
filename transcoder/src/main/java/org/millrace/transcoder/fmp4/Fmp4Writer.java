package org.millrace.transcoder.fmp4;

import java.util.List;

/**
 * Writes one track as fragmented MP4: the init segment, then one fragment (moof + mdat) per call, numbered from 1.
 * Decode times are never negative: when the track's first decode time is below zero (an encoder with B-frames
 * starting its presentation at 0), the decode timeline is shifted so it starts at 0, and the signed composition
 * offsets absorb the shift so every sample is still presented at the encoder's pts; audio and video stay in sync.
 */
public final class Fmp4Writer {
    private final TrackFormat format;
    private long sequence;
    private long shift;
    private boolean started;

    public Fmp4Writer(TrackFormat format) {
        this.format = format;
    }

    public TrackFormat format() {
        return format;
    }

    public byte[] init() {
        return InitSegment.write(format);
    }

    /** How far decode times are moved forward (ticks); known once the first fragment is written. */
    public long decodeShift() {
        return shift;
    }

    /** The next fragment, holding {@code samples} (in decode order, non-decreasing decode times). */
    public byte[] fragment(List<Sample> samples) {
        if (samples.isEmpty()) {
            throw new IllegalArgumentException("a fragment needs a sample");
        }
        if (!started) {
            shift = Math.max(0, -samples.get(0).dts());
            started = true;
        }
        long[] decodeTimes = new long[samples.size()];
        long[] offsets = new long[samples.size()];
        boolean anyOffset = false;
        for (int i = 0; i < samples.size(); i++) {
            Sample s = samples.get(i);
            decodeTimes[i] = Math.max(0, s.dts() + shift);
            offsets[i] = s.pts() - decodeTimes[i];
            if (offsets[i] != (int) offsets[i]) {
                throw new IllegalArgumentException("composition offset out of range at dts " + s.dts());
            }
            anyOffset |= offsets[i] != 0;
        }
        boolean offsetsField = format.kind() == TrackFormat.Kind.VIDEO || anyOffset;
        return Fragment.write(++sequence, samples, decodeTimes, offsets, offsetsField);
    }
}
