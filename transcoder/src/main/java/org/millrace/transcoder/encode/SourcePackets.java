package org.millrace.transcoder.encode;

import java.io.IOException;
import org.millrace.hls.H264Codecs;
import org.millrace.transcoder.fmp4.AnnexB;
import org.millrace.transcoder.fmp4.AvcConfig;
import org.millrace.transcoder.fmp4.SampleSink;
import org.millrace.transcoder.fmp4.TrackFormat;

/**
 * The publisher's H.264 copied without re-encoding: demuxed Annex B access units become length-prefixed samples in a
 * 90 kHz track whose avcC comes from the first keyframe's SPS and PPS (or the demuxer's extradata). Its segments cut
 * at the publisher's keyframes, so they line up with the encoded rungs only when the publisher's GOP is a multiple of
 * the segment duration (OBS's "keyframe interval 2 s").
 */
public final class SourcePackets {
    public static final int TIMESCALE = 90_000;
    private static final int CONSTRAINED = 1 << 9;
    private static final int INTRA = 1 << 11;

    private final int width;
    private final int height;
    private final byte[] extradata;
    private final NextDuration pending;
    private final SampleSink sink;
    private String codecs;
    private boolean started;
    private long lastDts = Long.MIN_VALUE;

    /**
     * {@code extradata}: the demuxer's (Annex B parameter sets, possibly empty), used when the first keyframe carries
     * none; {@code fallbackCodecs}: the codecs string until an SPS is seen.
     */
    public SourcePackets(int width, int height, double fps, byte[] extradata, String fallbackCodecs, SampleSink sink) {
        this.width = width;
        this.height = height;
        this.extradata = extradata;
        this.codecs = fallbackCodecs;
        this.sink = sink;
        this.pending = new NextDuration(sink, Math.round(TIMESCALE / fps));
    }

    /**
     * Copies one access unit (Annex B; times in 90 kHz from the session's origin). Answers false for one left out:
     * before the first keyframe (a transport stream joined mid-GOP; segments must start with one), or with a time
     * that does not advance (a damaged PES header).
     */
    public boolean write(byte[] annexB, long dts, long pts, boolean key) throws IOException {
        if (!started && !key || dts <= lastDts || pts < dts) {
            return false;
        }
        if (!started) {
            byte[] avcC = AvcConfig.fromAnnexB(annexB);
            if (avcC == null && extradata.length > 0) {
                avcC = AvcConfig.fromExtradata(extradata);
            }
            if (avcC == null) {
                return false; // no parameter sets yet: nothing could decode it
            }
            codecs = AvcConfig.codecs(avcC);
            sink.start(TrackFormat.h264(TIMESCALE, width, height, avcC));
            started = true;
        }
        lastDts = dts;
        pending.offer(dts, pts, key, AnnexB.toLengthPrefixed(annexB));
        return true;
    }

    /** Passes on the last access unit (the caller ends the sink). */
    public void flush() throws IOException {
        pending.flush();
    }

    public boolean started() {
        return started;
    }

    public String codecs() {
        return codecs;
    }

    /** avc1.PPCCLL from the stream's profile (with its constraint flags) and level as the demuxer parsed them. */
    public static String codecsOf(int profile, int level) {
        int constraints = 0;
        if ((profile & CONSTRAINED) != 0) {
            constraints |= 0x40; // constraint_set1: constrained baseline
        }
        if ((profile & INTRA) != 0) {
            constraints |= 0x10; // constraint_set3: intra profiles
        }
        return H264Codecs.avc1(profile & 0xff, constraints, level > 0 ? level : 40);
    }
}
