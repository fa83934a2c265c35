package org.millrace.transcoder.fmp4;

/**
 * The chroma format and bit depths a high-profile H.264 SPS declares (what the avcC high-profile extension repeats),
 * read from the SPS's exp-Golomb fields after removing emulation prevention bytes.
 */
record SpsChroma(int chromaFormat, int bitDepthLumaMinus8, int bitDepthChromaMinus8) {
    static SpsChroma parse(byte[] sps) {
        Bits bits = new Bits(unescape(sps));
        bits.skip(8); // NAL header
        int profile = bits.read(8);
        bits.skip(16); // constraint flags, level
        bits.ue(); // seq_parameter_set_id
        if (!hasChromaFields(profile)) {
            return new SpsChroma(1, 0, 0); // 4:2:0, 8 bits: what the SPS implies when it says nothing
        }
        int chroma = bits.ue();
        if (chroma == 3) {
            bits.skip(1); // separate_colour_plane_flag
        }
        int luma = bits.ue();
        int chromaDepth = bits.ue();
        if (chroma > 3 || luma > 7 || chromaDepth > 7) {
            throw new IllegalArgumentException(
                    "SPS with chroma format " + chroma + ", bit depths " + luma + "/" + chromaDepth);
        }
        return new SpsChroma(chroma, luma, chromaDepth);
    }

    private static boolean hasChromaFields(int profile) {
        return switch (profile) {
            case 100, 110, 122, 244, 44, 83, 86, 118, 128, 138, 139, 134, 135 -> true;
            default -> false;
        };
    }

    /** The RBSP: 00 00 03 becomes 00 00. */
    private static byte[] unescape(byte[] nal) {
        byte[] out = new byte[nal.length];
        int n = 0;
        int zeros = 0;
        for (byte b : nal) {
            if (zeros >= 2 && b == 3) {
                zeros = 0;
                continue;
            }
            zeros = b == 0 ? zeros + 1 : 0;
            out[n++] = b;
        }
        return java.util.Arrays.copyOf(out, n);
    }

    /** A big-endian bit reader; reading past the end is an error (a truncated SPS). */
    private static final class Bits {
        private final byte[] data;
        private int at;

        Bits(byte[] data) {
            this.data = data;
        }

        int read(int count) {
            int value = 0;
            for (int i = 0; i < count; i++) {
                if (at >= data.length * 8) {
                    throw new IllegalArgumentException("truncated SPS");
                }
                value = (value << 1) | ((data[at >> 3] >> (7 - (at & 7))) & 1);
                at++;
            }
            return value;
        }

        void skip(int count) {
            read(count);
        }

        int ue() {
            int zeros = 0;
            while (read(1) == 0) {
                if (++zeros > 31) {
                    throw new IllegalArgumentException("bad exp-Golomb code in SPS");
                }
            }
            return zeros == 0 ? 0 : (1 << zeros) - 1 + read(zeros);
        }
    }
}
