package org.millrace.core.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** The shared key that internal callers (the recorder) present; compared in constant time. */
public final class InternalApiKey {
    public static final String HEADER = "X-Internal-API-Key";

    private final byte[] key;

    public InternalApiKey(String key) {
        this.key = key.getBytes(StandardCharsets.UTF_8);
    }

    public boolean matches(String presented) {
        if (presented == null) {
            return false;
        }
        return MessageDigest.isEqual(key, presented.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "InternalApiKey[hidden]";
    }
}
