package org.millrace.core.testing;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Hand-made JWTs, to forge the tokens an attacker would try. */
public final class Jwts {
    private Jwts() {}

    /** A token with header {@code alg}, signed with HMAC-SHA256 under {@code secret} (unsigned when null). */
    public static String sign(String alg, JsonObject claims, byte[] secret) {
        String header =
                b64(new JsonObject().put("alg", alg).put("typ", "JWT").encode().getBytes(StandardCharsets.UTF_8));
        String payload = b64(claims.encode().getBytes(StandardCharsets.UTF_8));
        if (secret == null) {
            return header + "." + payload + ".";
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return header + "." + payload + "."
                    + b64(mac.doFinal((header + "." + payload).getBytes(StandardCharsets.US_ASCII)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
