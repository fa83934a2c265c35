package org.millrace.transcoder.fmp4;

import java.util.List;

/**
 * One movie fragment (moof + mdat) of track 1: tfhd with default-base-is-moof, tfdt version 1, and a version 1
 * trun giving each sample's duration, size, flags and signed composition offset (presentation minus decode time).
 */
final class Fragment {
    private static final int TFHD_DEFAULT_BASE_IS_MOOF = 0x020000;
    private static final int TRUN_DATA_OFFSET = 0x000001;
    private static final int TRUN_DURATION = 0x000100;
    private static final int TRUN_SIZE = 0x000200;
    private static final int TRUN_FLAGS = 0x000400;
    private static final int TRUN_COMPOSITION_OFFSET = 0x000800;
    /** sample_depends_on = 2 (an I picture). */
    static final int FLAGS_SYNC = 0x02000000;
    /** sample_depends_on = 1, sample_is_non_sync_sample. */
    static final int FLAGS_NON_SYNC = 0x01010000;

    private Fragment() {}

    /**
     * @param decodeTimes each sample's decode time on the track's (shifted, non-negative) decode timeline
     * @param offsets     each sample's presentation time minus its decode time
     */
    static byte[] write(
            long sequence, List<Sample> samples, long[] decodeTimes, long[] offsets, boolean compositionOffsets) {
        int dataBytes = 0;
        for (Sample s : samples) {
            dataBytes += s.data().length;
        }
        int perSample = compositionOffsets ? 16 : 12;
        Boxes b = new Boxes(128 + samples.size() * perSample + dataBytes);
        int moof = b.open("moof");
        int mfhd = b.openFull("mfhd", 0, 0);
        b.u32(sequence);
        b.close(mfhd);
        int traf = b.open("traf");
        int tfhd = b.openFull("tfhd", 0, TFHD_DEFAULT_BASE_IS_MOOF);
        b.u32(InitSegment.TRACK_ID);
        b.close(tfhd);
        int tfdt = b.openFull("tfdt", 1, 0);
        b.u64(decodeTimes[0]);
        b.close(tfdt);
        int flags = TRUN_DATA_OFFSET
                | TRUN_DURATION
                | TRUN_SIZE
                | TRUN_FLAGS
                | (compositionOffsets ? TRUN_COMPOSITION_OFFSET : 0);
        int trun = b.openFull("trun", 1, flags);
        b.u32(samples.size());
        int dataOffsetAt = b.length();
        b.u32(0);
        for (int i = 0; i < samples.size(); i++) {
            Sample s = samples.get(i);
            b.u32(s.duration()).u32(s.data().length).u32(s.key() ? FLAGS_SYNC : FLAGS_NON_SYNC);
            if (compositionOffsets) {
                b.u32(offsets[i] & 0xffffffffL);
            }
        }
        b.close(trun);
        b.close(traf);
        b.close(moof);
        b.putU32(dataOffsetAt, b.length() - moof + 8);
        int mdat = b.open("mdat");
        for (Sample s : samples) {
            b.bytes(s.data());
        }
        b.close(mdat);
        return b.toByteArray();
    }
}
