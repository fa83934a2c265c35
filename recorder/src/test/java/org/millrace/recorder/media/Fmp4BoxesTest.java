package org.millrace.recorder.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Segment durations from hand-made movie fragments: per-sample durations, tfhd and trex defaults. */
class Fmp4BoxesTest {

    @Test
    void sumsPerSampleDurationsOfEveryFragment() throws Exception {
        Fmp4Boxes.TrackTiming timing = new Fmp4Boxes.TrackTiming(90_000, 0);
        byte[] trun = fullBox("trun", 0x000301, ints(3, 0, 3000, 100, 3000, 100, 3003, 100));
        byte[] segment = concat(
                box("styp", new byte[8]),
                moof(fullBox("tfhd", 0x020000, ints(1)), trun),
                box("mdat", new byte[500]),
                moof(fullBox("tfhd", 0x020000, ints(1)), trun),
                box("mdat", new byte[50]));
        long units = Fmp4Boxes.segmentDuration(
                (off, len) -> Arrays.copyOfRange(segment, (int) off, (int) Math.min(segment.length, off + len)),
                segment.length,
                timing);
        assertThat(units).isEqualTo(2 * 9003);
    }

    @Test
    void usesTheTfhdDefaultThenTheTrexDefault() throws Exception {
        Fmp4Boxes.TrackTiming timing = new Fmp4Boxes.TrackTiming(48_000, 1024);
        byte[] withDefault = moof(fullBox("tfhd", 0x000008, ints(1, 2048)), fullBox("trun", 0, ints(10)));
        byte[] withoutDefault = moof(fullBox("tfhd", 0, ints(1)), fullBox("trun", 0, ints(10)));
        assertThat(duration(withDefault, timing)).isEqualTo(20480);
        assertThat(duration(withoutDefault, timing)).isEqualTo(10240);
    }

    @Test
    void readsTheTimescaleAndTrexDefaultOfAnInit() throws Exception {
        byte[] mdhd = fullBox("mdhd", 0, ints(0, 0, 12_800, 0, 0));
        byte[] trex = fullBox("trex", 0, ints(1, 1, 512, 0, 0));
        byte[] init = concat(
                box("ftyp", new byte[8]), box("moov", concat(box("trak", box("mdia", mdhd)), box("mvex", trex))));
        assertThat(Fmp4Boxes.trackTiming(init)).isEqualTo(new Fmp4Boxes.TrackTiming(12_800, 512));
    }

    private static long duration(byte[] segment, Fmp4Boxes.TrackTiming timing) throws Exception {
        return Fmp4Boxes.segmentDuration(
                (off, len) -> Arrays.copyOfRange(segment, (int) off, (int) Math.min(segment.length, off + len)),
                segment.length,
                timing);
    }

    private static byte[] moof(byte[] tfhd, byte[] trun) {
        return box("moof", concat(fullBox("mfhd", 0, ints(1)), box("traf", concat(tfhd, trun))));
    }

    private static byte[] box(String type, byte[] payload) {
        return ByteBuffer.allocate(8 + payload.length)
                .putInt(8 + payload.length)
                .put(type.getBytes(StandardCharsets.ISO_8859_1))
                .put(payload)
                .array();
    }

    private static byte[] fullBox(String type, int flags, byte[] payload) {
        return box(type, concat(ByteBuffer.allocate(4).putInt(flags).array(), payload));
    }

    private static byte[] ints(int... values) {
        ByteBuffer b = ByteBuffer.allocate(4 * values.length);
        for (int v : values) {
            b.putInt(v);
        }
        return b.array();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
