package org.millrace.vod;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Pattern;

/** Makes the public ids of videos: 96 random bits as URL-safe base64, unguessable so unlisted links stay unlisted. */
public final class VideoIds {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{16}");
    private static final int ID_BYTES = 12;

    private final SecureRandom random;

    public VideoIds(SecureRandom random) {
        this.random = random;
    }

    public String newId() {
        byte[] raw = new byte[ID_BYTES];
        random.nextBytes(raw);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    }

    public static boolean looksLikeId(String id) {
        return id != null && ID.matcher(id).matches();
    }
}
