package org.millrace.srt.crypto;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * The key encrypting key for one salt and key length: PBKDF2-HMAC-SHA1 of the passphrase, 2048 iterations, over the
 * last 8 bytes of the KM salt. Deriving it is the expensive step (milliseconds); a libsrt sender keeps its salt for
 * the whole connection, so one derivation serves every re-key, and unwrapping with it is cheap.
 */
public final class KeyEncryptingKey {
    private static final int ITERATIONS = 2048;

    private final byte[] salt;
    private final int keyLength;
    private final byte[] kek;

    private KeyEncryptingKey(byte[] salt, int keyLength, byte[] kek) {
        this.salt = salt.clone();
        this.keyLength = keyLength;
        this.kek = kek;
    }

    /** Derives the key for {@code km}'s salt and key length: slow on purpose, keep it off event loops. */
    public static KeyEncryptingKey deriveFor(String passphrase, KeyMaterial km) {
        return new KeyEncryptingKey(km.salt(), km.keyLength(), derive(passphrase, km.salt(), km.keyLength()));
    }

    /** Whether {@code km} is wrapped for this key's salt and key length (so no new derivation is needed). */
    public boolean fits(KeyMaterial km) {
        return km.keyLength() == keyLength && Arrays.equals(km.salt(), salt);
    }

    /** Unwraps {@code km}'s stream keys; fails when the passphrase does not match. */
    public StreamKeys unwrap(KeyMaterial km) throws InvalidKeyMaterialException {
        if (!fits(km)) {
            throw new InvalidKeyMaterialException("key material for another salt or key length");
        }
        return StreamKeys.unwrap(kek, km);
    }

    public static byte[] derive(String passphrase, byte[] salt, int keyLength) {
        try {
            PBEKeySpec spec = new PBEKeySpec(
                    passphrase.toCharArray(), Arrays.copyOfRange(salt, 8, 16), ITERATIONS, keyLength * 8);
            try {
                return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA1")
                        .generateSecret(spec)
                        .getEncoded();
            } finally {
                spec.clearPassword();
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA1 unavailable", e);
        }
    }

    @Override
    public String toString() {
        return "KeyEncryptingKey[" + keyLength * 8 + " bits]"; // never the key
    }
}
