package org.millrace.transcoder.fmp4;

/**
 * One encoded access unit ready for an fMP4 fragment: decode and presentation times and duration in its track's
 * timescale, whether it is a sync sample (a keyframe; every AAC frame is one), and its bytes as the sample entry
 * wants them (H.264: length-prefixed NAL units, 4-byte lengths; AAC: one raw frame, no ADTS header).
 */
public record Sample(long dts, long pts, long duration, boolean key, byte[] data) {
    public Sample {
        if (duration < 0 || data == null) {
            throw new IllegalArgumentException("sample at " + dts + ": duration " + duration);
        }
    }
}
