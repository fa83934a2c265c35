package org.millrace.srt.packet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Byte vectors for every packet type: encode to hand-written hex, decode that hex back to an equal record. */
class PacketCodecTest {
    private static final HexFormat HEX = HexFormat.of();

    static byte[] hex(String spaced) {
        return HEX.parseHex(spaced.replace(" ", ""));
    }

    static String encodeHex(SrtPacket packet) {
        ByteBuf out = PacketCodec.encode(packet, UnpooledByteBufAllocator.DEFAULT);
        try {
            byte[] bytes = new byte[out.readableBytes()];
            out.getBytes(out.readerIndex(), bytes);
            return HEX.formatHex(bytes);
        } finally {
            out.release();
        }
    }

    static SrtPacket decode(String spaced) throws MalformedPacketException {
        return PacketCodec.decode(Unpooled.wrappedBuffer(hex(spaced)));
    }

    /** Encodes to exactly {@code expected} and decodes {@code expected} to an equal packet. */
    static void assertVector(SrtPacket packet, String expected) throws MalformedPacketException {
        assertThat(encodeHex(packet)).isEqualTo(expected.replace(" ", ""));
        SrtPacket decoded = decode(expected);
        try {
            assertThat(decoded).isEqualTo(packet);
        } finally {
            if (decoded instanceof DataPacket d) {
                d.release();
            }
        }
    }

    private static DataPacket data(
            int seq, PacketPosition pp, boolean inOrder, EncryptionKey kk, boolean rexmit, int msg, String payloadHex) {
        return new DataPacket(
                seq, pp, inOrder, kk, rexmit, msg, 0x00010203, 0x0A0B0C0D, Unpooled.wrappedBuffer(hex(payloadHex)));
    }

    @Test
    void dataPacketWithAllFlagsSet() throws Exception {
        // w1 = PP 11 | O 1 | KK 01 | R 1 | msg 0xABCD  ->  1110 1100 ... = ec00abcd
        assertVector(
                data(0x12345678, PacketPosition.SOLO, true, EncryptionKey.EVEN, true, 0xABCD, "deadbeef"),
                "12345678 ec00abcd 00010203 0a0b0c0d deadbeef");
    }

    @Test
    void dataPacketWithNoFlags() throws Exception {
        assertVector(
                data(0, PacketPosition.MIDDLE, false, EncryptionKey.NONE, false, 1, "00"),
                "00000000 00000001 00010203 0a0b0c0d 00");
    }

    @Test
    void dataPacketEveryPositionKeyRetransmitAndOrderCombination() throws Exception {
        String[] ppBits = {"00", "01", "10", "11"}; // MIDDLE, LAST, FIRST, SOLO
        String[] kkBits = {"00", "01", "10", "11"}; // NONE, EVEN, ODD, BOTH
        for (int pp = 0; pp < 4; pp++) {
            for (int o = 0; o < 2; o++) {
                for (int kk = 0; kk < 4; kk++) {
                    for (int r = 0; r < 2; r++) {
                        // The top byte of w1 written out bit by bit: PP(2) O(1) KK(2) R(1) then 00 (msg bits 25-24).
                        int topByte = Integer.parseInt(ppBits[pp] + o + kkBits[kk] + r + "00", 2);
                        String expected =
                                "7fffffff " + String.format("%02x", topByte) + "000005 00010203 0a0b0c0d 0102";
                        DataPacket p = data(
                                SequenceNumbers.MAX,
                                PacketPosition.values()[pp],
                                o == 1,
                                EncryptionKey.values()[kk],
                                r == 1,
                                5,
                                "0102");
                        assertVector(p, expected);
                    }
                }
            }
        }
    }

    @Test
    void dataSequenceIs31BitsAndMessageNumberIs26Bits() throws Exception {
        // Out-of-range values are masked on encode: the control bit must never be set by a data packet.
        DataPacket wide = data(0xFFFF_FFFF, PacketPosition.MIDDLE, false, EncryptionKey.NONE, false, 0x0400_0001, "aa");
        assertThat(encodeHex(wide)).isEqualTo("7fffffff0000000100010203 0a0b0c0daa".replace(" ", ""));
        assertVector(
                data(5, PacketPosition.MIDDLE, false, EncryptionKey.NONE, false, DataPacket.MAX_MESSAGE_NUMBER, "aa"),
                "00000005 03ffffff 00010203 0a0b0c0d aa");
        // Flags around the largest message number decode independently of it.
        DataPacket d = (DataPacket) decode("00000005 ffffffff 00010203 0a0b0c0d aa");
        assertThat(d.messageNumber()).isEqualTo(DataPacket.MAX_MESSAGE_NUMBER);
        assertThat(d.position()).isEqualTo(PacketPosition.SOLO);
        assertThat(d.key()).isEqualTo(EncryptionKey.BOTH);
        assertThat(d.inOrder()).isTrue();
        assertThat(d.retransmitted()).isTrue();
        d.release();
    }

    @Test
    void dataPayloadIsASliceOfTheDatagram() throws Exception {
        ByteBuf datagram = Unpooled.wrappedBuffer(hex("00000001 c0000001 00000000 00000007 0102030405"));
        DataPacket d = (DataPacket) PacketCodec.decode(datagram);
        assertThat(d.payload().readableBytes()).isEqualTo(5);
        assertThat(datagram.refCnt()).isEqualTo(2); // retained for the packet
        d.release();
        assertThat(datagram.refCnt()).isEqualTo(1);
        assertThat(datagram.readerIndex()).isZero();
    }

    private static final String PEER_IP = "0100007f 00000000 00000000 00000000";

    private static HandshakePacket handshake(
            int version,
            int ext,
            int type,
            int cookie,
            Optional<HsExtension> hs,
            boolean hsResponse,
            Optional<byte[]> km,
            boolean kmResponse,
            Optional<String> sid,
            Optional<String> congestion) {
        return new HandshakePacket(
                version,
                0,
                ext,
                0x1A2B3C4D,
                1500,
                8192,
                type,
                0x11223344,
                cookie,
                hex(PEER_IP),
                hs,
                hsResponse,
                km,
                kmResponse,
                sid,
                congestion,
                0x00000064,
                0);
    }

    @Test
    void handshakeInductionRequest() throws Exception {
        assertVector(
                handshake(
                        4,
                        2,
                        HandshakeType.INDUCTION,
                        0,
                        Optional.empty(),
                        false,
                        Optional.empty(),
                        false,
                        Optional.empty(),
                        Optional.empty()),
                "80000000 00000000 00000064 00000000"
                        + "00000004 0000 0002 1a2b3c4d 000005dc 00002000 00000001 11223344 00000000" + PEER_IP);
    }

    @Test
    void handshakeInductionResponseWithMagic() throws Exception {
        assertVector(
                handshake(
                        5,
                        HandshakeExtensionType.SRT_MAGIC,
                        HandshakeType.INDUCTION,
                        0x7EADBEEF,
                        Optional.empty(),
                        false,
                        Optional.empty(),
                        false,
                        Optional.empty(),
                        Optional.empty()),
                "80000000 00000000 00000064 00000000"
                        + "00000005 0000 4a17 1a2b3c4d 000005dc 00002000 00000001 11223344 7eadbeef" + PEER_IP);
    }

    @Test
    void handshakeConclusionWithHsreqKmreqStreamIdAndCongestion() throws Exception {
        byte[] km = hex("12202901 00000000 02000200 00000404 00112233");
        HandshakePacket p = handshake(
                5,
                0x7,
                HandshakeType.CONCLUSION,
                0x01020304,
                Optional.of(new HsExtension(0x010501, 0xBF, 120, 80)),
                false,
                Optional.of(km),
                false,
                Optional.of("abcde"),
                Optional.of("live"));
        assertVector(
                p,
                "80000000 00000000 00000064 00000000"
                        + "00000005 0000 0007 1a2b3c4d 000005dc 00002000 ffffffff 11223344 01020304" + PEER_IP
                        + "0001 0003 00010501 000000bf 0078 0050"
                        + "0003 0005 12202901 00000000 02000200 00000404 00112233"
                        + "0005 0002 64636261 00000065"
                        + "0006 0001 6576696c");
    }

    @Test
    void handshakeConclusionResponseWithHsrspAndKmrsp() throws Exception {
        HandshakePacket p = handshake(
                5,
                0x3,
                HandshakeType.CONCLUSION,
                0,
                Optional.of(new HsExtension(0x010504, 0x3F, 200, 200)),
                true,
                Optional.of(hex("03000000")),
                true,
                Optional.empty(),
                Optional.empty());
        assertVector(
                p,
                "80000000 00000000 00000064 00000000"
                        + "00000005 0000 0003 1a2b3c4d 000005dc 00002000 ffffffff 11223344 00000000" + PEER_IP
                        + "0002 0003 00010504 0000003f 00c8 00c8"
                        + "0004 0001 03000000");
        assertThat(((HandshakePacket) decode("80000000 00000000 00000064 00000000"
                                + "00000005 0000 0003 1a2b3c4d 000005dc 00002000 ffffffff 11223344 00000000" + PEER_IP
                                + "0002 0003 00010504 0000003f 00c8 00c8"))
                        .hs()
                        .orElseThrow()
                        .versionString())
                .isEqualTo("1.5.4");
    }

    @Test
    void handshakeKeyMaterialIsPaddedToWholeWords() throws Exception {
        HandshakePacket p = handshake(
                5,
                0x2,
                HandshakeType.CONCLUSION,
                0,
                Optional.empty(),
                false,
                Optional.of(hex("aabbcc")),
                false,
                Optional.empty(),
                Optional.empty());
        assertThat(encodeHex(p)).endsWith("00030001aabbcc00");
    }

    @Test
    void handshakeSkipsUnknownExtensionsAndRejectsOverruns() throws Exception {
        String body = "80000000 00000000 00000064 00000000"
                + "00000005 0000 0007 1a2b3c4d 000005dc 00002000 ffffffff 11223344 01020304" + PEER_IP;
        HandshakePacket p = (HandshakePacket) decode(body + "0007 0001 01020304" + "0005 0001 64636261");
        assertThat(p.streamId()).contains("abcd");
        assertThatThrownBy(() -> decode(body + "0005 0002 64636261")).isInstanceOf(MalformedPacketException.class);
        assertThatThrownBy(() -> decode(body + "0001 0002 00010501 000000bf"))
                .isInstanceOf(MalformedPacketException.class);
        assertThatThrownBy(() -> decode("80000000 00000000 00000064 00000000 00000005"))
                .isInstanceOf(MalformedPacketException.class);
    }

    @Test
    void ackLightSmallAndFull() throws Exception {
        assertVector(
                new AckPacket(0, 0x7FFFFFFF, AckPacket.Kind.LIGHT, 0, 0, 0, 0, 0, 0, 16, 0x22),
                "80020000 00000000 00000010 00000022 7fffffff");
        assertVector(
                new AckPacket(7, 100, AckPacket.Kind.SMALL, 1000, 500, 8192, 0, 0, 0, 16, 0x22),
                "80020000 00000007 00000010 00000022 00000064 000003e8 000001f4 00002000");
        assertVector(
                new AckPacket(8, 101, AckPacket.Kind.FULL, 1000, 500, 8192, 900, 1000, 1234567, 16, 0x22),
                "80020000 00000008 00000010 00000022 00000065 000003e8 000001f4 00002000 00000384 000003e8 0012d687");
    }

    @Test
    void ackAck() throws Exception {
        assertVector(new AckAckPacket(0x7FFFFFFF, 5, 9), "80060000 7fffffff 00000005 00000009 00000000");
    }

    @Test
    void nakSinglesAndRangesIncludingOneAcrossTheWrap() throws Exception {
        assertVector(
                new NakPacket(
                        List.of(
                                SequenceRange.of(5),
                                new SequenceRange(10, 12),
                                new SequenceRange(0x7FFFFFFE, 1),
                                SequenceRange.of(0x7FFFFFFF)),
                        3,
                        4),
                "80030000 00000000 00000003 00000004 00000005 8000000a 0000000c fffffffe 00000001 7fffffff");
        NakPacket wrapped = (NakPacket) decode("80030000 00000000 00000003 00000004 fffffffe 00000001");
        assertThat(wrapped.losses().get(0).count()).isEqualTo(4);
        assertThatThrownBy(() -> decode("80030000 00000000 00000003 00000004 80000005"))
                .isInstanceOf(MalformedPacketException.class);
        assertThatThrownBy(() -> decode("80030000 00000000 00000003 00000004"))
                .isInstanceOf(MalformedPacketException.class);
        assertThatThrownBy(() -> decode("80030000 00000000 00000003 00000004 000005"))
                .isInstanceOf(MalformedPacketException.class);
    }

    @Test
    void keepAliveAndShutdown() throws Exception {
        assertVector(new KeepAlivePacket(1, 2), "80010000 00000000 00000001 00000002 00000000");
        assertVector(new ShutdownPacket(1, 2), "80050000 00000000 00000001 00000002 00000000");
        // The 4-byte padding CIF is optional on input.
        assertThat(decode("80050000 00000000 00000001 00000002")).isEqualTo(new ShutdownPacket(1, 2));
    }

    @Test
    void dropRequestWithWrappingRangeAndLargestMessageNumber() throws Exception {
        assertVector(
                new DropRequestPacket(0x03FFFFFF, 0x7FFFFFFF, 2, 1, 2),
                "80070000 03ffffff 00000001 00000002 7fffffff 00000002");
        // The high bits of the message number word (flags in data packets) are not part of the number.
        DropRequestPacket d = (DropRequestPacket) decode("80070000 ffffffff 00000001 00000002 ffffffff 00000002");
        assertThat(d.messageNumber()).isEqualTo(0x03FFFFFF);
        assertThat(d.first()).isEqualTo(0x7FFFFFFF);
        assertThatThrownBy(() -> decode("80070000 00000001 00000001 00000002 00000001"))
                .isInstanceOf(MalformedPacketException.class);
    }

    @Test
    void userDefinedKeyMaterialRequestAndResponse() throws Exception {
        assertVector(
                new KeyMaterialPacket(false, hex("12202901 00000000"), 1, 2),
                "ffff0003 00000000 00000001 00000002 12202901 00000000");
        assertVector(
                new KeyMaterialPacket(true, hex("04000000"), 1, 2), "ffff0004 00000000 00000001 00000002 04000000");
    }

    @Test
    void unknownControlTypesAndSubtypes() throws Exception {
        assertVector(
                new UnknownControlPacket(0x1234, 0x5678, 0x9ABCDEF0, 1, 2),
                "92345678 9abcdef0 00000001 00000002 00000000");
        assertVector(new UnknownControlPacket(0x7FFF, 9, 0, 1, 2), "ffff0009 00000000 00000001 00000002 00000000");
        // Known but unused types (congestion warning, peer error) come out as unknown ones too.
        assertThat(decode("80040000 00000000 00000001 00000002")).isEqualTo(new UnknownControlPacket(4, 0, 0, 1, 2));
        assertThat(decode("80080000 00000011 00000001 00000002")).isEqualTo(new UnknownControlPacket(8, 0, 0x11, 1, 2));
    }

    @Test
    void shortDatagramsAreMalformed() {
        for (String bad : List.of(
                "",
                "80",
                "80000000 00000000 00000000 000000",
                "00000001 00000000 00000000 00000000",
                "80020000 00000000 00000000 00000000")) {
            assertThatThrownBy(() -> decode(bad)).as(bad).isInstanceOf(MalformedPacketException.class);
        }
    }
}
