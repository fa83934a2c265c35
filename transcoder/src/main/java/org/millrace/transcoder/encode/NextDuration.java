package org.millrace.transcoder.encode;

import java.io.IOException;
import org.millrace.transcoder.fmp4.Sample;
import org.millrace.transcoder.fmp4.SampleSink;

/**
 * Holds back one sample so its duration can be the distance to the next sample's decode time: libx264 and the
 * demuxer give packets without a usable duration, and an fMP4 track's decode times are the running sum of its
 * durations, so any other choice would drift. Costs one frame of delay.
 */
final class NextDuration {
    private final SampleSink sink;
    private long dts;
    private long pts;
    private boolean key;
    private byte[] data;
    private long lastDuration;

    NextDuration(SampleSink sink, long nominalDuration) {
        this.sink = sink;
        this.lastDuration = nominalDuration;
    }

    /** Takes the next sample in decode order ({@code dts} strictly above the previous one's). */
    void offer(long dts, long pts, boolean key, byte[] data) throws IOException {
        if (this.data != null) {
            lastDuration = dts - this.dts;
            sink.accept(new Sample(this.dts, this.pts, lastDuration, this.key, this.data));
        }
        this.dts = dts;
        this.pts = pts;
        this.key = key;
        this.data = data;
    }

    /** The decode time of the sample held back, or {@code Long.MIN_VALUE} when none is. */
    long heldDts() {
        return data == null ? Long.MIN_VALUE : dts;
    }

    /** Passes on the sample held back, with the previous sample's duration (nothing follows it to measure by). */
    void flush() throws IOException {
        if (data != null) {
            sink.accept(new Sample(dts, pts, lastDuration, key, data));
            data = null;
        }
    }
}
