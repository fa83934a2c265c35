package org.millrace.srt.crypto;

import java.util.Arrays;
import org.millrace.srt.packet.EncryptionKey;

/**
 * A key material (KM) message: which stream encrypting keys (even, odd or both) it carries, wrapped with the key
 * encrypting key, plus the salt they are used with. Sent by the caller in the handshake (KMREQ) and in-band when it
 * re-keys; echoed back by us (KMRSP). A 4-byte message is an error code instead.
 */
public record KeyMaterial(EncryptionKey keys, int keyLength, byte[] salt, byte[] wrapped) {
    public static final int ERROR_NO_SECRET = 3;
    public static final int ERROR_BAD_SECRET = 4;
    private static final int SIGNATURE = 0x2029; // "HAI" as a PnP vendor id
    private static final int CIPHER_AES_CTR = 2;
    private static final int SE_MPEG_TS_SRT = 2;

    public KeyMaterial {
        salt = salt.clone();
        wrapped = wrapped.clone();
    }

    @Override
    public byte[] salt() {
        return salt.clone();
    }

    @Override
    public byte[] wrapped() {
        return wrapped.clone();
    }

    // A record compares arrays by identity; equal bytes make equal key material.
    @Override
    public boolean equals(Object o) {
        return o instanceof KeyMaterial k
                && keys == k.keys
                && keyLength == k.keyLength
                && Arrays.equals(salt, k.salt)
                && Arrays.equals(wrapped, k.wrapped);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * keys.hashCode() + keyLength) + Arrays.hashCode(salt) + 17 * Arrays.hashCode(wrapped);
    }

    @Override
    public String toString() {
        return "KeyMaterial[" + keys + ", " + keyLength * 8 + "-bit keys]"; // never the wrapped keys or salt
    }

    /** How many keys are wrapped: two when both even and odd are present. */
    public int keyCount() {
        return keys == EncryptionKey.BOTH ? 2 : 1;
    }

    public static KeyMaterial decode(byte[] m) throws InvalidKeyMaterialException {
        if (m.length < 16) {
            throw new InvalidKeyMaterialException("key material of " + m.length + " bytes");
        }
        int version = (m[0] >>> 4) & 0x7;
        int packetType = m[0] & 0xF;
        int sign = ((m[1] & 0xFF) << 8) | (m[2] & 0xFF);
        if ((m[0] & 0x80) != 0 || version != 1 || packetType != 2 || sign != SIGNATURE) {
            throw new InvalidKeyMaterialException("not a version 1 key material message");
        }
        EncryptionKey keys = EncryptionKey.ofBits(m[3]);
        if (keys == EncryptionKey.NONE) {
            throw new InvalidKeyMaterialException("key material carries no key");
        }
        int keki = ((m[4] & 0xFF) << 24) | ((m[5] & 0xFF) << 16) | ((m[6] & 0xFF) << 8) | (m[7] & 0xFF);
        if (keki != 0) {
            throw new InvalidKeyMaterialException("indexed key encrypting keys are not supported");
        }
        if (m[8] != CIPHER_AES_CTR) {
            throw new InvalidKeyMaterialException("cipher " + m[8] + " is not supported (only AES-CTR)");
        }
        int saltLength = (m[14] & 0xFF) * 4;
        int keyLength = (m[15] & 0xFF) * 4;
        if (saltLength != 16) {
            throw new InvalidKeyMaterialException("salt of " + saltLength + " bytes");
        }
        if (keyLength != 16 && keyLength != 24 && keyLength != 32) {
            throw new InvalidKeyMaterialException("key length of " + keyLength + " bytes");
        }
        int count = keys == EncryptionKey.BOTH ? 2 : 1;
        int wrapLength = 8 + count * keyLength;
        if (m.length < 16 + saltLength + wrapLength) {
            throw new InvalidKeyMaterialException("key material truncated");
        }
        return new KeyMaterial(
                keys, keyLength, Arrays.copyOfRange(m, 16, 32), Arrays.copyOfRange(m, 32, 32 + wrapLength));
    }

    public byte[] encode() {
        byte[] m = new byte[32 + wrapped.length];
        m[0] = 0x12; // S=0, V=1, PT=2 (KM message)
        m[1] = (byte) (SIGNATURE >>> 8);
        m[2] = (byte) SIGNATURE;
        m[3] = (byte) keys.bits();
        m[8] = CIPHER_AES_CTR;
        m[10] = SE_MPEG_TS_SRT;
        m[14] = 4; // salt: 16 bytes
        m[15] = (byte) (keyLength / 4);
        System.arraycopy(salt, 0, m, 16, 16);
        System.arraycopy(wrapped, 0, m, 32, wrapped.length);
        return m;
    }

    /** The 4-byte KM error message (little-endian, as libsrt writes it). */
    public static byte[] error(int code) {
        return new byte[] {(byte) code, 0, 0, 0};
    }
}
