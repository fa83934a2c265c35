package org.millrace.streams;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts SRT passphrases at rest with AES-256-GCM. Unlike a password a passphrase must be recoverable (the SRT
 * listener needs it to derive the session key), so it is encrypted rather than hashed. The stream id is bound in
 * as associated data, so a ciphertext copied onto another stream does not decrypt.
 */
public final class PassphraseCipher {
    static final String KEY_LABEL = "millrace/stream-passphrase-v1";
    private static final String VERSION = "v1:";
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKeySpec key;
    private final SecureRandom random;

    public PassphraseCipher(byte[] serverSecret, SecureRandom random) {
        this.key = new SecretKeySpec(DerivedKey.derive(serverSecret, KEY_LABEL), "AES");
        this.random = random;
    }

    public String encrypt(String streamId, String passphrase) {
        byte[] iv = new byte[IV_BYTES];
        random.nextBytes(iv);
        byte[] sealed = run(Cipher.ENCRYPT_MODE, iv, streamId, passphrase.getBytes(StandardCharsets.UTF_8));
        ByteBuffer out = ByteBuffer.allocate(iv.length + sealed.length).put(iv).put(sealed);
        return VERSION + Base64.getUrlEncoder().withoutPadding().encodeToString(out.array());
    }

    /** The passphrase; an {@link IllegalStateException} when the text was not sealed by us for this stream. */
    public String decrypt(String streamId, String sealedText) {
        if (!sealedText.startsWith(VERSION)) {
            throw new IllegalStateException("unknown passphrase format");
        }
        byte[] all;
        try {
            all = Base64.getUrlDecoder().decode(sealedText.substring(VERSION.length()));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("passphrase ciphertext is not base64", e);
        }
        if (all.length <= IV_BYTES) {
            throw new IllegalStateException("passphrase ciphertext is too short");
        }
        byte[] iv = java.util.Arrays.copyOf(all, IV_BYTES);
        byte[] sealed = java.util.Arrays.copyOfRange(all, IV_BYTES, all.length);
        return new String(run(Cipher.DECRYPT_MODE, iv, streamId, sealed), StandardCharsets.UTF_8);
    }

    private byte[] run(int mode, byte[] iv, String streamId, byte[] input) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(streamId.getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(input);
        } catch (AEADBadTagException e) {
            throw new IllegalStateException("passphrase does not decrypt (other server secret or other stream)", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM failed", e);
        }
    }

    @Override
    public String toString() {
        return "PassphraseCipher[hidden]";
    }
}
