package org.millrace.srt.crypto;

import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/** RFC 3394 AES key wrap of the stream keys with the key encrypting key (the JDK's "AESWrap"). */
public final class KeyWrap {
    private KeyWrap() {}

    /** The unwrapped keys, or an exception when the integrity check fails (a wrong passphrase). */
    public static byte[] unwrap(byte[] kek, byte[] wrapped) throws InvalidKeyMaterialException {
        try {
            Cipher cipher = Cipher.getInstance("AESWrap");
            cipher.init(Cipher.UNWRAP_MODE, new SecretKeySpec(kek, "AES"));
            return cipher.unwrap(wrapped, "AES", Cipher.SECRET_KEY).getEncoded();
        } catch (InvalidKeyException e) {
            throw new InvalidKeyMaterialException("key material does not unwrap with this passphrase");
        } catch (GeneralSecurityException e) {
            throw new InvalidKeyMaterialException("key material does not unwrap: " + e.getMessage());
        }
    }

    public static byte[] wrap(byte[] kek, byte[] keys) {
        try {
            Cipher cipher = Cipher.getInstance("AESWrap");
            cipher.init(Cipher.WRAP_MODE, new SecretKeySpec(kek, "AES"));
            return cipher.wrap(new SecretKeySpec(keys, "AES"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AESWrap unavailable", e);
        }
    }
}
