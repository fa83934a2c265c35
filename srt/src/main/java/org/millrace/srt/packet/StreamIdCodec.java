package org.millrace.srt.packet;

import java.nio.charset.StandardCharsets;

/**
 * The string encoding of the stream id (and congestion name) extensions: UTF-8 bytes, zero-padded to whole 32-bit
 * words, each word byte-reversed (libsrt copies host-order words on little-endian machines, and that became the
 * wire format).
 */
public final class StreamIdCodec {
    /** The stream id may be at most 512 bytes long. */
    public static final int MAX_BYTES = 512;

    private StreamIdCodec() {}

    public static byte[] encode(String value) {
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        if (utf8.length > MAX_BYTES) {
            throw new IllegalArgumentException("stream id longer than " + MAX_BYTES + " bytes");
        }
        int padded = (utf8.length + 3) & ~3;
        byte[] out = new byte[padded];
        for (int i = 0; i < padded; i++) {
            int word = i & ~3;
            int source = word + 3 - (i & 3);
            out[i] = source < utf8.length ? utf8[source] : 0;
        }
        return out;
    }

    public static String decode(byte[] words) {
        byte[] plain = new byte[words.length];
        for (int i = 0; i < words.length; i++) {
            plain[i] = words[(i & ~3) + 3 - (i & 3)];
        }
        int end = plain.length;
        while (end > 0 && plain[end - 1] == 0) {
            end--;
        }
        return new String(plain, 0, end, StandardCharsets.UTF_8);
    }
}
