package org.millrace.hls;

import java.util.Locale;

/**
 * RFC 6381 strings for H.264 ({@code avc1.PPCCLL}: profile_idc, constraint flags, level_idc) and the smallest level
 * whose frame size and macroblock rate (H.264 Table A-1) fit a resolution and frame rate.
 */
public final class H264Codecs {
    /** The AAC-LC string the shared audio rendition uses. */
    public static final String AAC_LC = "mp4a.40.2";

    public static final int PROFILE_HIGH = 100;

    // level_idc, MaxFS (macroblocks), MaxMBPS (macroblocks per second)
    private static final int[][] LEVELS = {
        {30, 1620, 40500}, {31, 3600, 108000}, {32, 5120, 216000}, {40, 8192, 245760},
        {42, 8704, 522240}, {50, 22080, 589824}, {51, 36864, 983040}, {52, 36864, 2073600}
    };

    private H264Codecs() {}

    public static String avc1(int profileIdc, int constraintFlags, int levelIdc) {
        return String.format(Locale.ROOT, "avc1.%02x%02x%02x", profileIdc, constraintFlags, levelIdc);
    }

    /**
     * The string of the first sequence parameter set (NAL type 7) in Annex B data, read from its first three bytes
     * (profile_idc, constraint flags, level_idc): exactly what the bitstream says. Null when there is none.
     */
    public static String fromAnnexB(byte[] data) {
        for (int i = 0; i + 6 < data.length; i++) {
            if (data[i] == 0 && data[i + 1] == 0 && data[i + 2] == 1 && (data[i + 3] & 0x1f) == 7) {
                return avc1(data[i + 4] & 0xff, data[i + 5] & 0xff, data[i + 6] & 0xff);
            }
        }
        return null;
    }

    /** The level_idc (e.g. 31 for 3.1) a width x height stream at fps needs; at least 3.0. */
    public static int levelFor(int width, int height, double fps) {
        long mbs = (long) ((width + 15) / 16) * ((height + 15) / 16);
        double mbps = mbs * fps;
        for (int[] level : LEVELS) {
            if (mbs <= level[1] && mbps <= level[2]) {
                return level[0];
            }
        }
        return 52;
    }

    /** "3.1" for 31: how x264 takes a level. */
    public static String levelName(int levelIdc) {
        return (levelIdc / 10) + "." + (levelIdc % 10);
    }
}
