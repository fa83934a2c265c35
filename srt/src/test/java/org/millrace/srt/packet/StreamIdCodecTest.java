package org.millrace.srt.packet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.millrace.srt.packet.PacketCodecTest.hex;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The stream id's wire form: UTF-8, zero-padded to words, each word byte-reversed, at most 512 bytes. */
class StreamIdCodecTest {
    @Test
    void eachWordIsByteReversedAndTheLastIsZeroPadded() {
        assertThat(StreamIdCodec.encode("abcd")).isEqualTo(hex("64636261"));
        assertThat(StreamIdCodec.encode("abcde")).isEqualTo(hex("64636261 00000065"));
        assertThat(StreamIdCodec.encode("#!::r=k")).isEqualTo(hex("3a3a2123 006b3d72"));
        assertThat(StreamIdCodec.encode("")).isEmpty();
        assertThat(StreamIdCodec.decode(hex("64636261 00000065"))).isEqualTo("abcde");
        assertThat(StreamIdCodec.decode(hex("3a3a2123 006b3d72"))).isEqualTo("#!::r=k");
    }

    @Test
    void utf8CharactersMaySpanWords() {
        // "aéb€" = 61 c3a9 62 e282ac: 7 bytes, the euro sign crossing the word boundary.
        byte[] wire = StreamIdCodec.encode("aéb€");
        assertThat(wire).isEqualTo(hex("62a9c361 00acb2e2".replace("b2", "82")));
        assertThat(StreamIdCodec.decode(wire)).isEqualTo("aéb€");
    }

    @Test
    void atMost512Bytes() {
        String max = "k".repeat(512);
        assertThat(StreamIdCodec.decode(StreamIdCodec.encode(max))).isEqualTo(max);
        assertThatThrownBy(() -> StreamIdCodec.encode("k".repeat(513))).isInstanceOf(IllegalArgumentException.class);
        // 511 ASCII bytes plus a two-byte character is 513 bytes, even though it is 512 characters.
        assertThatThrownBy(() -> StreamIdCodec.encode("k".repeat(511) + "é"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void handshakeCarriesA512ByteStreamIdButRefusesALongerOne() throws Exception {
        String max = "é".repeat(256); // 512 bytes of UTF-8
        HandshakePacket p = new HandshakePacket(
                5,
                0,
                5,
                1,
                1500,
                8192,
                HandshakeType.CONCLUSION,
                9,
                0,
                null,
                Optional.empty(),
                false,
                Optional.empty(),
                false,
                Optional.of(max),
                Optional.empty(),
                0,
                0);
        ByteBuf wire = PacketCodec.encode(p, UnpooledByteBufAllocator.DEFAULT);
        try {
            assertThat(wire.getUnsignedShort(16 + 48)).isEqualTo(HandshakeExtensionType.SID);
            assertThat(wire.getUnsignedShort(16 + 48 + 2)).isEqualTo(128);
            assertThat(((HandshakePacket) PacketCodec.decode(wire)).streamId()).contains(max);
            ByteBuf longer = Unpooled.buffer();
            longer.writeBytes(wire, 0, 16 + 48);
            longer.writeShort(HandshakeExtensionType.SID).writeShort(129).writeZero(129 * 4);
            assertThatThrownBy(() -> PacketCodec.decode(longer)).isInstanceOf(MalformedPacketException.class);
        } finally {
            wire.release();
        }
    }
}
