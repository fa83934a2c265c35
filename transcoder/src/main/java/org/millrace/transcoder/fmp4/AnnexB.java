package org.millrace.transcoder.fmp4;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * H.264 Annex B byte streams (NAL units behind 00 00 01 / 00 00 00 01 start codes) turned into what an MP4 sample
 * holds: NAL units with 4-byte big-endian length prefixes, without access unit delimiters (a sample is already one
 * access unit, and ISO/IEC 14496-15 lets a writer drop them).
 */
public final class AnnexB {
    public static final int NAL_SLICE = 1;
    public static final int NAL_IDR = 5;
    public static final int NAL_SEI = 6;
    public static final int NAL_SPS = 7;
    public static final int NAL_PPS = 8;
    public static final int NAL_AUD = 9;

    private AnnexB() {}

    /** The NAL unit type (low 5 bits of the header byte) of a NAL unit. */
    public static int type(byte[] nal) {
        return nal.length == 0 ? -1 : nal[0] & 0x1f;
    }

    /** Whether the bytes start with a start code (00 00 01 or 00 00 00 01), i.e. are Annex B rather than length-prefixed. */
    public static boolean isAnnexB(byte[] data) {
        if (data.length >= 3 && data[0] == 0 && data[1] == 0 && data[2] == 1) {
            return true;
        }
        return data.length >= 4 && data[0] == 0 && data[1] == 0 && data[2] == 0 && data[3] == 1;
    }

    /**
     * The NAL units of an Annex B stream, without their start codes. Bytes before the first start code are ignored;
     * trailing zero bytes of a unit (the next unit's 4-byte start code, or trailing_zero_8bits) are not part of it.
     */
    public static List<byte[]> split(byte[] data) {
        List<byte[]> units = new ArrayList<>();
        int start = nextPayload(data, 0);
        while (start >= 0) {
            int code = nextStartCode(data, start);
            int end = code < 0 ? data.length : code;
            int next = code < 0 ? -1 : code + 3;
            while (end > start && data[end - 1] == 0) {
                end--;
            }
            if (end > start) {
                units.add(Arrays.copyOfRange(data, start, end));
            }
            start = next;
        }
        return units;
    }

    /** The NAL units of a sample holding 4-byte length-prefixed units; a truncated or overlong length is an error. */
    public static List<byte[]> splitLengthPrefixed(byte[] data) {
        List<byte[]> units = new ArrayList<>();
        int at = 0;
        while (at < data.length) {
            if (data.length - at < 4) {
                throw new IllegalArgumentException("truncated NAL length at byte " + at);
            }
            long length = ((data[at] & 0xffL) << 24)
                    | ((data[at + 1] & 0xff) << 16)
                    | ((data[at + 2] & 0xff) << 8)
                    | (data[at + 3] & 0xff);
            at += 4;
            if (length > data.length - at) {
                throw new IllegalArgumentException("NAL length " + length + " past the end at byte " + at);
            }
            units.add(Arrays.copyOfRange(data, at, at + (int) length));
            at += (int) length;
        }
        return units;
    }

    /** Length-prefixed (4 bytes) NAL units, access unit delimiters dropped. */
    public static byte[] toLengthPrefixed(List<byte[]> units) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] unit : units) {
            if (type(unit) == NAL_AUD || unit.length == 0) {
                continue;
            }
            int n = unit.length;
            out.write(n >>> 24);
            out.write(n >>> 16);
            out.write(n >>> 8);
            out.write(n);
            out.write(unit, 0, n);
        }
        return out.toByteArray();
    }

    /** An Annex B access unit as an MP4 sample's bytes: 4-byte length-prefixed NAL units, delimiters dropped. */
    public static byte[] toLengthPrefixed(byte[] annexB) {
        return toLengthPrefixed(split(annexB));
    }

    /** The first NAL unit of the given type, or null. */
    public static byte[] first(List<byte[]> units, int type) {
        for (byte[] unit : units) {
            if (type(unit) == type) {
                return unit;
            }
        }
        return null;
    }

    private static int nextPayload(byte[] data, int from) {
        int code = nextStartCode(data, from);
        return code < 0 ? -1 : code + 3;
    }

    /** Index of the next 00 00 01 at or after from, or -1. */
    private static int nextStartCode(byte[] data, int from) {
        for (int i = from; i + 2 < data.length; i++) {
            if ((data[i + 2] & 0xff) > 1) {
                i += 2; // none of the three bytes can start 00 00 01 before i + 3
            } else if (data[i] == 0 && data[i + 1] == 0 && data[i + 2] == 1) {
                return i;
            }
        }
        return -1;
    }
}
