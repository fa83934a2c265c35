package org.millrace.transcoder.fmp4;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growing big-endian byte buffer that writes ISO BMFF boxes: {@link #open} writes a size placeholder and the
 * type, {@link #close} patches the size once the box's content is written.
 */
final class Boxes {
    private byte[] buf;
    private int len;

    Boxes(int capacity) {
        buf = new byte[Math.max(64, capacity)];
    }

    /** Starts a box; answers its offset for {@link #close}. */
    int open(String type) {
        int at = len;
        u32(0);
        fourcc(type);
        return at;
    }

    /** Starts a full box (version and 24-bit flags). */
    int openFull(String type, int version, int flags) {
        int at = open(type);
        u8(version);
        u24(flags);
        return at;
    }

    void close(int at) {
        putU32(at, len - at);
    }

    Boxes u8(int v) {
        ensure(1);
        buf[len++] = (byte) v;
        return this;
    }

    Boxes u16(int v) {
        ensure(2);
        buf[len++] = (byte) (v >>> 8);
        buf[len++] = (byte) v;
        return this;
    }

    Boxes u24(int v) {
        ensure(3);
        buf[len++] = (byte) (v >>> 16);
        buf[len++] = (byte) (v >>> 8);
        buf[len++] = (byte) v;
        return this;
    }

    Boxes u32(long v) {
        ensure(4);
        putU32(len, v);
        len += 4;
        return this;
    }

    Boxes u64(long v) {
        u32(v >>> 32);
        return u32(v & 0xffffffffL);
    }

    Boxes zeros(int n) {
        ensure(n);
        len += n; // the buffer is zero-filled beyond len
        return this;
    }

    Boxes bytes(byte[] b) {
        ensure(b.length);
        System.arraycopy(b, 0, buf, len, b.length);
        len += b.length;
        return this;
    }

    Boxes fourcc(String type) {
        byte[] b = type.getBytes(StandardCharsets.US_ASCII);
        if (b.length != 4) {
            throw new IllegalArgumentException("box type " + type);
        }
        return bytes(b);
    }

    int length() {
        return len;
    }

    void putU32(int at, long v) {
        buf[at] = (byte) (v >>> 24);
        buf[at + 1] = (byte) (v >>> 16);
        buf[at + 2] = (byte) (v >>> 8);
        buf[at + 3] = (byte) v;
    }

    byte[] toByteArray() {
        return Arrays.copyOf(buf, len);
    }

    private void ensure(int n) {
        if (len + n > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
        }
    }
}
