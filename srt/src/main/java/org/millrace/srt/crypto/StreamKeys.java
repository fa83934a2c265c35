package org.millrace.srt.crypto;

import java.util.Arrays;
import javax.crypto.spec.SecretKeySpec;
import org.millrace.srt.packet.EncryptionKey;

/**
 * The stream encrypting keys one key material message carries (even, odd or both), unwrapped, with the salt the
 * payload IVs are made from.
 */
public record StreamKeys(EncryptionKey which, SecretKeySpec even, SecretKeySpec odd, byte[] salt) {
    public StreamKeys {
        salt = salt.clone();
    }

    @Override
    public byte[] salt() {
        return salt.clone();
    }

    static StreamKeys unwrap(byte[] kek, KeyMaterial km) throws InvalidKeyMaterialException {
        byte[] keys = KeyWrap.unwrap(kek, km.wrapped());
        try {
            int len = km.keyLength();
            if (keys.length != len * km.keyCount()) {
                throw new InvalidKeyMaterialException(
                        "unwrapped " + keys.length + " bytes of keys, expected " + len * km.keyCount());
            }
            return switch (km.keys()) {
                case EVEN ->
                    new StreamKeys(EncryptionKey.EVEN, new SecretKeySpec(keys, 0, len, "AES"), null, km.salt());
                case ODD -> new StreamKeys(EncryptionKey.ODD, null, new SecretKeySpec(keys, 0, len, "AES"), km.salt());
                case BOTH ->
                    new StreamKeys(
                            EncryptionKey.BOTH,
                            new SecretKeySpec(keys, 0, len, "AES"),
                            new SecretKeySpec(keys, len, len, "AES"),
                            km.salt());
                default -> throw new InvalidKeyMaterialException("no key in key material");
            };
        } finally {
            Arrays.fill(keys, (byte) 0);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o == this;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }

    @Override
    public String toString() {
        return "StreamKeys[" + which + "]"; // never the keys
    }
}
