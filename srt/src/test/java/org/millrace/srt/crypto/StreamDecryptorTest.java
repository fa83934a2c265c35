package org.millrace.srt.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.millrace.srt.packet.EncryptionKey;

/**
 * AES-CTR as SRT uses it, checked against an encryption done here with javax.crypto alone: the KEK from PBKDF2 over
 * the salt's last 8 bytes, the IV from the salt's first 14 bytes XOR the packet index at bytes 10..13.
 */
class StreamDecryptorTest {
    private static final String PASSPHRASE = "correct horse battery";
    private static final byte[] SALT = HexFormat.of().parseHex("f0e1d2c3b4a5968778695a4b3c2d1e0f");

    private static KeyMaterial wrapKeys(EncryptionKey which, byte[] keys, int keyLength) throws Exception {
        byte[] kek = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA1")
                .generateSecret(
                        new PBEKeySpec(PASSPHRASE.toCharArray(), Arrays.copyOfRange(SALT, 8, 16), 2048, keyLength * 8))
                .getEncoded();
        Cipher wrap = Cipher.getInstance("AESWrap");
        wrap.init(Cipher.WRAP_MODE, new SecretKeySpec(kek, "AES"));
        return new KeyMaterial(which, keyLength, SALT, wrap.wrap(new SecretKeySpec(keys, "AES")));
    }

    /** SRT's CTR IV, written out independently of the code under test. */
    private static byte[] encrypt(byte[] key, int seq, byte[] plain) throws Exception {
        byte[] iv = new byte[16];
        System.arraycopy(SALT, 0, iv, 0, 14);
        iv[10] ^= (byte) ((seq >> 24) & 0xFF);
        iv[11] ^= (byte) ((seq >> 16) & 0xFF);
        iv[12] ^= (byte) ((seq >> 8) & 0xFF);
        iv[13] ^= (byte) (seq & 0xFF);
        Cipher c = Cipher.getInstance("AES/CTR/NoPadding");
        c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(iv));
        return c.doFinal(plain);
    }

    private static byte[] plain() {
        byte[] p = new byte[1316];
        for (int i = 0; i < p.length; i++) {
            p[i] = (byte) (i * 7 + 3);
        }
        return p;
    }

    @Test
    void decryptsWhatJavaxCryptoEncryptedForEachKeyLength() throws Exception {
        for (int len : new int[] {16, 24, 32}) {
            byte[] sek = new byte[len];
            Arrays.fill(sek, (byte) (0x40 + len));
            StreamDecryptor d = StreamDecryptor.fromHandshake(PASSPHRASE, wrapKeys(EncryptionKey.EVEN, sek, len));
            for (int seq : new int[] {0, 1, 0x7A1B2C3D, 0x7FFFFFFF}) {
                ByteBuf payload = Unpooled.wrappedBuffer(encrypt(sek, seq, plain()));
                assertThat(d.decryptInPlace(seq, EncryptionKey.EVEN, payload)).isTrue();
                assertThat(ByteBufUtilBytes.of(payload))
                        .as("key %d seq %x", len, seq)
                        .isEqualTo(plain());
            }
            // The odd key was never announced.
            assertThat(d.decryptInPlace(1, EncryptionKey.ODD, Unpooled.wrappedBuffer(new byte[16])))
                    .isFalse();
        }
    }

    @Test
    void usesEvenAndOddKeysFromOneMessageAndDecryptsCompositeBuffers() throws Exception {
        byte[] even = new byte[16];
        byte[] odd = new byte[16];
        Arrays.fill(even, (byte) 1);
        Arrays.fill(odd, (byte) 2);
        byte[] both = new byte[32];
        System.arraycopy(even, 0, both, 0, 16);
        System.arraycopy(odd, 0, both, 16, 16);
        StreamDecryptor d = StreamDecryptor.fromHandshake(PASSPHRASE, wrapKeys(EncryptionKey.BOTH, both, 16));
        byte[] secret = "a message in two parts across two buffers".getBytes(StandardCharsets.UTF_8);
        byte[] ct = encrypt(odd, 77, secret);
        ByteBuf composite = Unpooled.wrappedBuffer(
                Unpooled.wrappedBuffer(ct, 0, 10), Unpooled.wrappedBuffer(ct, 10, ct.length - 10));
        assertThat(d.decryptInPlace(77, EncryptionKey.ODD, composite)).isTrue();
        assertThat(ByteBufUtilBytes.of(composite)).isEqualTo(secret);
        ByteBuf evenPayload = Unpooled.wrappedBuffer(encrypt(even, 78, secret));
        assertThat(d.decryptInPlace(78, EncryptionKey.EVEN, evenPayload)).isTrue();
        assertThat(ByteBufUtilBytes.of(evenPayload)).isEqualTo(secret);
    }

    @Test
    void aWrongPassphraseIsRefused() throws Exception {
        KeyMaterial km = wrapKeys(EncryptionKey.EVEN, new byte[16], 16);
        assertThatThrownBy(() -> StreamDecryptor.fromHandshake("another passphrase", km))
                .isInstanceOf(InvalidKeyMaterialException.class);
    }

    /** Readable bytes of a buffer. */
    private static final class ByteBufUtilBytes {
        static byte[] of(ByteBuf b) {
            byte[] out = new byte[b.readableBytes()];
            b.getBytes(b.readerIndex(), out);
            return out;
        }
    }
}
