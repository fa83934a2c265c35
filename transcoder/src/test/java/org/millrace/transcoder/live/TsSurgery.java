package org.millrace.transcoder.live;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.SplittableRandom;

/** Damage and edits on MPEG-TS bytes, 188-byte packet by packet, for the garbage-media campaign. */
final class TsSurgery {
    static final int PACKET = 188;

    private TsSurgery() {}

    /** A copy with each bit flipped with probability {@code perBit} (sync bytes and tables included). */
    static byte[] flipBits(byte[] ts, double perBit, long seed) {
        byte[] out = ts.clone();
        SplittableRandom random = new SplittableRandom(seed);
        long bits = (long) out.length * 8;
        // Geometric gaps between flips: as many draws as flips, not as bits.
        double log = Math.log1p(-perBit);
        long at = (long) Math.floor(Math.log(1 - random.nextDouble()) / log);
        while (at < bits) {
            out[(int) (at >>> 3)] ^= (byte) (1 << (at & 7));
            at += 1 + (long) Math.floor(Math.log(1 - random.nextDouble()) / log);
        }
        return out;
    }

    /** Every PES of {@code pid} cut after its first {@code keep} packets (the rest of the packet run dropped). */
    static byte[] truncatePes(byte[] ts, int pid, int keep) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(ts.length);
        int inPes = 0;
        for (int off = 0; off + PACKET <= ts.length; off += PACKET) {
            if (pid(ts, off) == pid) {
                inPes = (ts[off + 1] & 0x40) != 0 ? 1 : inPes + 1;
                if (inPes > keep) {
                    continue;
                }
            }
            out.write(ts, off, PACKET);
        }
        return out.toByteArray();
    }

    /**
     * The PTS (and DTS) of the {@code index}-th PES of {@code pid} pushed about 23 hours ahead: one damaged timestamp
     * (bits 32..30 set), the rest of the stream untouched.
     */
    static byte[] timestampAhead(byte[] ts, int pid, int index) {
        byte[] out = ts.clone();
        int seen = 0;
        for (int off = 0; off + PACKET <= out.length; off += PACKET) {
            if (pid(out, off) != pid || (out[off + 1] & 0x40) == 0 || seen++ < index) {
                continue;
            }
            int p = off + 4 + ((out[off + 3] & 0x20) != 0 ? 1 + (out[off + 4] & 0xff) : 0);
            int flags = (out[p + 7] & 0xc0) >> 6;
            if (out[p] != 0 || out[p + 1] != 0 || out[p + 2] != 1 || flags < 2) {
                throw new IllegalStateException("no PES timestamp at packet " + off / PACKET);
            }
            out[p + 9] |= 0x0e;
            if (flags == 3) {
                out[p + 14] |= 0x0e;
            }
            return out;
        }
        throw new IllegalStateException("fewer than " + (index + 1) + " PES of pid " + pid);
    }

    /**
     * The packets of {@code pid} turned into null packets from byte {@code from} on: the encoder stops sending that
     * stream, and the bytes keep their place (a real-time feed stays paced like the original).
     */
    static byte[] nullPid(byte[] ts, int pid, int from) {
        byte[] out = ts.clone();
        for (int off = from - from % PACKET; off + PACKET <= out.length; off += PACKET) {
            if (pid(out, off) == pid) {
                out[off + 1] = (byte) ((out[off + 1] & 0xe0) | 0x1f);
                out[off + 2] = (byte) 0xff;
            }
        }
        return out;
    }

    /**
     * Adds a registration descriptor ({@code format}, e.g. "AV01") to {@code pid}'s entry in every PMT: how OBS and
     * FFmpeg 6.1+ mark AV1 in MPEG-TS (Debian's FFmpeg 5.1 muxes AV1 as bare private data).
     */
    static byte[] register(byte[] ts, int pmtPid, int pid, String format) {
        byte[] out = ts.clone();
        for (int off = 0; off + PACKET <= out.length; off += PACKET) {
            if (pid(out, off) != pmtPid || (out[off + 1] & 0x40) == 0 || (out[off + 3] & 0x20) != 0) {
                continue;
            }
            int section = off + 5 + (out[off + 4] & 0xff);
            int length = ((out[section + 1] & 0x0f) << 8) | (out[section + 2] & 0xff);
            int end = section + 3 + length - 4; // before the CRC
            int programInfo = ((out[section + 10] & 0x0f) << 8) | (out[section + 11] & 0xff);
            int es = section + 12 + programInfo;
            byte[] body = Arrays.copyOfRange(out, section, end);
            ByteArrayOutputStream edited = new ByteArrayOutputStream();
            edited.write(body, 0, es - section);
            while (es < end) {
                int esPid = ((out[es + 1] & 0x1f) << 8) | (out[es + 2] & 0xff);
                int infoLength = ((out[es + 3] & 0x0f) << 8) | (out[es + 4] & 0xff);
                byte[] entry = Arrays.copyOfRange(out, es, es + 5 + infoLength);
                if (esPid == pid) {
                    int grown = infoLength + 6;
                    entry[3] = (byte) ((entry[3] & 0xf0) | (grown >> 8));
                    entry[4] = (byte) grown;
                    edited.write(entry, 0, entry.length);
                    edited.write(5);
                    edited.write(4);
                    edited.writeBytes(format.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                } else {
                    edited.write(entry, 0, entry.length);
                }
                es += 5 + infoLength;
            }
            byte[] table = edited.toByteArray();
            int newLength = table.length - 3 + 4;
            table[1] = (byte) ((table[1] & 0xf0) | (newLength >> 8));
            table[2] = (byte) newLength;
            int crc = crc32(table);
            int room = off + PACKET - section;
            if (table.length + 4 > room) {
                throw new IllegalStateException("the PMT does not fit one packet");
            }
            Arrays.fill(out, section, off + PACKET, (byte) 0xff);
            System.arraycopy(table, 0, out, section, table.length);
            int c = section + table.length;
            out[c] = (byte) (crc >>> 24);
            out[c + 1] = (byte) (crc >>> 16);
            out[c + 2] = (byte) (crc >>> 8);
            out[c + 3] = (byte) crc;
        }
        return out;
    }

    static byte[] concat(byte[] first, byte[] second) {
        byte[] out = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, out, first.length, second.length);
        return out;
    }

    private static int pid(byte[] ts, int off) {
        return ((ts[off + 1] & 0x1f) << 8) | (ts[off + 2] & 0xff);
    }

    /** CRC-32/MPEG-2: polynomial 0x04C11DB7, not reflected, initial all ones. */
    private static int crc32(byte[] data) {
        int crc = 0xffffffff;
        for (byte b : data) {
            crc ^= (b & 0xff) << 24;
            for (int i = 0; i < 8; i++) {
                crc = (crc & 0x80000000) != 0 ? (crc << 1) ^ 0x04c11db7 : crc << 1;
            }
        }
        return crc;
    }
}
