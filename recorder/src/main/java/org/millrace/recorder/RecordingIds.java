package org.millrace.recorder;

import java.security.SecureRandom;
import java.util.Base64;

/** Public recording ids: 96 random bits as 16 URL-safe characters, like the streams service's ids. */
public final class RecordingIds {
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final java.util.regex.Pattern SHAPE = java.util.regex.Pattern.compile("[A-Za-z0-9_-]{16}");

    private final SecureRandom random;

    public RecordingIds(SecureRandom random) {
        this.random = random;
    }

    public String newId() {
        byte[] bytes = new byte[12];
        random.nextBytes(bytes);
        return ENCODER.encodeToString(bytes);
    }

    /** Whether {@code id} could be one of ours (anything else is a 404 without a query). */
    public static boolean looksLikeId(String id) {
        return id != null && SHAPE.matcher(id).matches();
    }
}
