package org.millrace.srt.crypto;

import java.security.GeneralSecurityException;
import java.util.Arrays;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Derives the key encrypting key from the passphrase: PBKDF2-HMAC-SHA1, 2048 iterations, over the last 8 bytes of
 * the KM salt, as long as the stream keys.
 */
public final class KeyEncryptingKey {
    private static final int ITERATIONS = 2048;

    private KeyEncryptingKey() {
    }

    public static byte[] derive(String passphrase, byte[] salt, int keyLength) {
        try {
            PBEKeySpec spec = new PBEKeySpec(passphrase.toCharArray(), Arrays.copyOfRange(salt, 8, 16), ITERATIONS,
                    keyLength * 8);
            try {
                return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA1").generateSecret(spec).getEncoded();
            } finally {
                spec.clearPassword();
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA1 unavailable", e);
        }
    }
}
