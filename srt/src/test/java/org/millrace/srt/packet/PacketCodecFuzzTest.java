package org.millrace.srt.packet;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Whatever the bytes, decoding returns a packet or throws MalformedPacketException, never anything else. */
class PacketCodecFuzzTest {
    private static final int[] TYPES = {
        0x0000, 0x0001, 0x0002, 0x0003, 0x0004, 0x0005, 0x0006, 0x0007, 0x0008, 0x7FFF, 0x1234
    };

    @Test
    void randomDatagramsDecodeOrThrowMalformedOnly() {
        Random random = new Random(20261121L);
        int decoded = 0;
        int malformed = 0;
        for (int i = 0; i < 50_000; i++) {
            byte[] bytes = new byte[random.nextInt(i % 10 == 0 ? 700 : 120)];
            random.nextBytes(bytes);
            if (bytes.length >= 4 && random.nextBoolean()) {
                // Mostly control packets of real types, so the per-type decoders see garbage too.
                int type = TYPES[random.nextInt(TYPES.length)];
                int subtype = random.nextInt(4) == 0 ? 3 + random.nextInt(2) : random.nextInt(0x10000);
                int w0 = 0x8000_0000 | (type << 16) | subtype;
                bytes[0] = (byte) (w0 >>> 24);
                bytes[1] = (byte) (w0 >>> 16);
                bytes[2] = (byte) (w0 >>> 8);
                bytes[3] = (byte) w0;
                if (type == 0 && bytes.length >= 20 && random.nextBoolean()) {
                    bytes[19] = 5; // handshake version 5, so extension parsing runs
                    bytes[16] = bytes[17] = bytes[18] = 0;
                }
            }
            ByteBuf datagram = Unpooled.wrappedBuffer(bytes);
            try {
                SrtPacket packet = PacketCodec.decode(datagram);
                decoded++;
                // What decodes must also encode without failing.
                if (!(packet instanceof DataPacket)) {
                    PacketCodec.encode(packet, UnpooledByteBufAllocator.DEFAULT).release();
                }
                if (packet instanceof DataPacket d) {
                    d.release();
                }
            } catch (MalformedPacketException e) {
                malformed++;
            } catch (RuntimeException e) {
                throw new AssertionError(
                        "decode threw " + e + " for " + java.util.HexFormat.of().formatHex(bytes), e);
            }
            assertThat(datagram.refCnt()).isEqualTo(1);
        }
        assertThat(decoded).isGreaterThan(1000);
        assertThat(malformed).isGreaterThan(1000);
    }

    @Test
    void everyTruncationOfValidPacketsDecodesOrThrowsMalformed() throws Exception {
        String[] valid = {
            "12345678 ec00abcd 00010203 0a0b0c0d deadbeef",
            "80020000 00000008 00000010 00000022 00000065 000003e8 000001f4 00002000 00000384 000003e8 0012d687",
            "80030000 00000000 00000003 00000004 00000005 8000000a 0000000c",
            "80070000 03ffffff 00000001 00000002 7fffffff 00000002",
            "80000000 00000000 00000064 00000000 00000005 0000 0007 1a2b3c4d 000005dc 00002000 ffffffff"
                    + " 11223344 01020304 0100007f 00000000 00000000 00000000 0001 0003 00010501 000000bf 0078 0050"
                    + " 0005 0002 64636261 00000065"
        };
        for (String v : valid) {
            byte[] full = PacketCodecTest.hex(v);
            for (int len = 0; len <= full.length; len++) {
                try {
                    SrtPacket p = PacketCodec.decode(Unpooled.wrappedBuffer(full, 0, len));
                    if (p instanceof DataPacket d) {
                        d.release();
                    }
                } catch (MalformedPacketException expected) {
                    // fine
                }
            }
        }
    }
}
