package org.millrace.streams;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Purpose-bound keys derived from the server secret (HMAC-SHA256 of a label), so the stream-key hash and the
 * passphrase cipher never reuse the token-signing key itself and no new secret has to be configured.
 */
public final class DerivedKey {
    private DerivedKey() {}

    /** 32 bytes that depend on both the secret and the label; distinct labels give unrelated keys. */
    public static byte[] derive(byte[] serverSecret, String label) {
        return hmacSha256(serverSecret, label.getBytes(StandardCharsets.UTF_8));
    }

    static byte[] hmacSha256(byte[] key, byte[] message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(message);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
