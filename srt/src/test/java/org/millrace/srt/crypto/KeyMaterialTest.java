package org.millrace.srt.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.millrace.srt.packet.EncryptionKey;

/** The KM message layout, and RFC 3394 key wrap. */
class KeyMaterialTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final String SALT = "000102030405060708090a0b0c0d0e0f";

    private static byte[] hex(String s) {
        return HEX.parseHex(s.replace(" ", ""));
    }

    @Test
    void encodesTheSpecLayoutAndDecodesItBack() throws Exception {
        byte[] wrapped = hex("a0a1a2a3a4a5a6a7 b0b1b2b3b4b5b6b7b8b9babbbcbdbebf");
        KeyMaterial km = new KeyMaterial(EncryptionKey.EVEN, 16, hex(SALT), wrapped);
        // S=0 V=1 PT=2 | sign 2029 | KK=01 | KEKI 0 | cipher 2 (CTR), auth 0, SE 2, rsv 0, rsv 0, SLen/4 4, KLen/4 4
        String expected = "12 2029 01 00000000 02 00 02 00 0000 04 04" + SALT
                + "a0a1a2a3a4a5a6a7 b0b1b2b3b4b5b6b7b8b9babbbcbdbebf";
        assertThat(HEX.formatHex(km.encode())).isEqualTo(expected.replace(" ", ""));
        assertThat(KeyMaterial.decode(hex(expected))).isEqualTo(km);
        KeyMaterial both = new KeyMaterial(EncryptionKey.BOTH, 32, hex(SALT), new byte[8 + 64]);
        assertThat(both.keyCount()).isEqualTo(2);
        assertThat(KeyMaterial.decode(both.encode())).isEqualTo(both);
        assertThat(HEX.formatHex(KeyMaterial.error(KeyMaterial.ERROR_BAD_SECRET)))
                .isEqualTo("04000000");
    }

    @Test
    void refusesWhatItCannotUse() {
        byte[] good = new KeyMaterial(EncryptionKey.ODD, 24, hex(SALT), new byte[32]).encode();
        assertThatThrownBy(() -> KeyMaterial.decode(Arrays.copyOf(good, good.length - 1)))
                .isInstanceOf(InvalidKeyMaterialException.class);
        assertThatThrownBy(() -> KeyMaterial.decode(hex("04000000"))).isInstanceOf(InvalidKeyMaterialException.class);
        for (int[] change : new int[][] {{0, 0x22}, {1, 0x21}, {3, 0}, {7, 1}, {8, 1}, {14, 3}, {15, 5}}) {
            byte[] bad = good.clone();
            bad[change[0]] = (byte) change[1];
            assertThatThrownBy(() -> KeyMaterial.decode(bad))
                    .as("byte %d", change[0])
                    .isInstanceOf(InvalidKeyMaterialException.class);
        }
    }

    @Test
    void keyWrapMatchesRfc3394Section41() throws Exception {
        byte[] kek = hex("000102030405060708090A0B0C0D0E0F");
        byte[] key = hex("00112233445566778899AABBCCDDEEFF");
        byte[] wrapped = hex("1FA68B0A8112B447 AEF34BD8FB5A7B82 9D3E862371D2CFE5");
        assertThat(KeyWrap.wrap(kek, key)).isEqualTo(wrapped);
        assertThat(KeyWrap.unwrap(kek, wrapped)).isEqualTo(key);
        byte[] otherKek = kek.clone();
        otherKek[0] ^= 1;
        assertThatThrownBy(() -> KeyWrap.unwrap(otherKek, wrapped)).isInstanceOf(InvalidKeyMaterialException.class);
    }

    @Test
    void keyWrapMatchesRfc3394Section46With256BitKek() throws Exception {
        byte[] kek = hex("000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F");
        byte[] key = hex("00112233445566778899AABBCCDDEEFF000102030405060708090A0B0C0D0E0F");
        byte[] wrapped = hex("28C9F404C4B810F4 CBCCB35CFB87F826 3F5786E2D80ED326 CBC7F0E71A99F43B FB988B9B7A02DD21");
        assertThat(KeyWrap.wrap(kek, key)).isEqualTo(wrapped);
        assertThat(KeyWrap.unwrap(kek, wrapped)).isEqualTo(key);
    }
}
