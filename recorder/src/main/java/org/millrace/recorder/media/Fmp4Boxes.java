package org.millrace.recorder.media;

import java.io.IOException;

/**
 * A minimal ISO-BMFF reader for what the recorder needs of fMP4 HLS: the media timescale and default sample
 * duration of an init segment, and the summed sample durations of a segment's movie fragments. Only box headers and
 * the fragment boxes are read, never the media data.
 */
final class Fmp4Boxes {
    private Fmp4Boxes() {}

    /** What an init segment says about its (first) track's timing. */
    record TrackTiming(long timescale, long defaultSampleDuration) {}

    /** Reads bytes of an object on demand. */
    interface RangeReader {
        /** Up to {@code length} bytes from {@code offset} (fewer at the end of the object). */
        byte[] read(long offset, int length) throws IOException;
    }

    static TrackTiming trackTiming(byte[] init) throws IOException {
        long timescale = 0;
        long defaultDuration = 0;
        int moov = find(init, 0, init.length, "moov");
        if (moov < 0) {
            throw new MalformedMediaException("init segment without moov");
        }
        int moovEnd = moov + (int) size(init, moov);
        int trak = find(init, moov + 8, moovEnd, "trak");
        if (trak >= 0) {
            int mdia = find(init, trak + 8, trak + (int) size(init, trak), "mdia");
            int mdhd = mdia < 0 ? -1 : find(init, mdia + 8, mdia + (int) size(init, mdia), "mdhd");
            if (mdhd >= 0) {
                int version = init[mdhd + 8] & 0xff;
                // version 1: 64-bit creation and modification times before the timescale
                timescale = u32(init, mdhd + 12 + (version == 1 ? 16 : 8));
            }
        }
        int mvex = find(init, moov + 8, moovEnd, "mvex");
        int trex = mvex < 0 ? -1 : find(init, mvex + 8, mvex + (int) size(init, mvex), "trex");
        if (trex >= 0) {
            // full box header, track_ID, default_sample_description_index, then default_sample_duration
            defaultDuration = u32(init, trex + 8 + 4 + 4 + 4);
        }
        if (timescale <= 0) {
            throw new MalformedMediaException("init segment without a media timescale");
        }
        return new TrackTiming(timescale, defaultDuration);
    }

    /**
     * The duration in timescale units of every movie fragment of a segment of {@code size} bytes: reads each
     * top-level box header and only the {@code moof} boxes whole.
     */
    static long segmentDuration(RangeReader reader, long size, TrackTiming timing) throws IOException {
        long total = 0;
        long offset = 0;
        byte[] head = reader.read(0, (int) Math.min(size, 16 * 1024));
        while (offset + 8 <= size) {
            byte[] header = offset + 16 <= head.length
                    ? slice(head, (int) offset, 16)
                    : reader.read(offset, (int) Math.min(16, size - offset));
            long boxSize = u32(header, 0);
            String type = new String(header, 4, 4, java.nio.charset.StandardCharsets.ISO_8859_1);
            int headerSize = 8;
            if (boxSize == 1) {
                boxSize = u64(header, 8);
                headerSize = 16;
            } else if (boxSize == 0) {
                boxSize = size - offset;
            }
            if (boxSize < headerSize) {
                throw new MalformedMediaException("malformed box at " + offset);
            }
            if (type.equals("moof")) {
                byte[] moof = offset + boxSize <= head.length
                        ? slice(head, (int) offset, (int) boxSize)
                        : reader.read(offset, (int) boxSize);
                total += moofDuration(moof, timing);
            }
            offset += boxSize;
        }
        return total;
    }

    private static long moofDuration(byte[] moof, TrackTiming timing) {
        long total = 0;
        int end = (int) Math.min(size(moof, 0), moof.length);
        for (int traf = find(moof, 8, end, "traf");
                traf >= 0;
                traf = find(moof, traf + (int) size(moof, traf), end, "traf")) {
            int trafEnd = traf + (int) size(moof, traf);
            long defaultDuration = timing.defaultSampleDuration();
            int tfhd = find(moof, traf + 8, trafEnd, "tfhd");
            if (tfhd >= 0) {
                int flags = (int) (u32(moof, tfhd + 8) & 0xffffff);
                int p = tfhd + 16; // after the full box header and track_ID
                if ((flags & 0x01) != 0) {
                    p += 8; // base_data_offset
                }
                if ((flags & 0x02) != 0) {
                    p += 4; // sample_description_index
                }
                if ((flags & 0x08) != 0) {
                    defaultDuration = u32(moof, p);
                }
            }
            for (int trun = find(moof, traf + 8, trafEnd, "trun");
                    trun >= 0;
                    trun = find(moof, trun + (int) size(moof, trun), trafEnd, "trun")) {
                total += trunDuration(moof, trun, defaultDuration);
            }
            // Only the first track: every rendition is one track.
            break;
        }
        return total;
    }

    private static long trunDuration(byte[] b, int trun, long defaultDuration) {
        int flags = (int) (u32(b, trun + 8) & 0xffffff);
        long count = u32(b, trun + 12);
        boolean perSample = (flags & 0x100) != 0;
        if (!perSample) {
            return count * defaultDuration;
        }
        int p = trun + 16;
        if ((flags & 0x01) != 0) {
            p += 4; // data_offset
        }
        if ((flags & 0x04) != 0) {
            p += 4; // first_sample_flags
        }
        int stride = 4 * Integer.bitCount(flags & 0xf00);
        long total = 0;
        for (long i = 0; i < count; i++) {
            total += u32(b, p);
            p += stride;
        }
        return total;
    }

    /** Offset of the first box of {@code type} among the boxes in [from, to), or -1. */
    static int find(byte[] b, int from, int to, String type) {
        int p = from;
        while (p + 8 <= to && p + 8 <= b.length) {
            long s = size(b, p);
            if (b[p + 4] == type.charAt(0)
                    && b[p + 5] == type.charAt(1)
                    && b[p + 6] == type.charAt(2)
                    && b[p + 7] == type.charAt(3)) {
                return p;
            }
            if (s < 8) {
                return -1;
            }
            p += (int) s;
        }
        return -1;
    }

    private static long size(byte[] b, int p) {
        return u32(b, p);
    }

    static long u32(byte[] b, int p) {
        return ((b[p] & 0xffL) << 24) | ((b[p + 1] & 0xffL) << 16) | ((b[p + 2] & 0xffL) << 8) | (b[p + 3] & 0xffL);
    }

    private static long u64(byte[] b, int p) {
        return (u32(b, p) << 32) | u32(b, p + 4);
    }

    private static byte[] slice(byte[] b, int from, int length) {
        byte[] out = new byte[Math.min(length, b.length - from)];
        System.arraycopy(b, from, out, 0, out.length);
        return out;
    }
}
