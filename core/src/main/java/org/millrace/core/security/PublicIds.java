package org.millrace.core.security;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * Makes the public ids of streams, recordings, videos and uploads: 96 random bits as 16 URL-safe characters,
 * unguessable so that an unlisted link stays unlisted and nobody walks the ids of others.
 */
public final class PublicIds {
    private static final Pattern SHAPE = Pattern.compile("[A-Za-z0-9_-]{16}");
    private static final int ID_BYTES = 12;

    private final SecureRandom random;

    public PublicIds(SecureRandom random) {
        this.random = random;
    }

    public String newId() {
        byte[] raw = new byte[ID_BYTES];
        random.nextBytes(raw);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    }

    /** Whether {@code id} could be one of ours: anything else is a 404 without asking the database. */
    public static boolean looksLikeId(String id) {
        return id != null && SHAPE.matcher(id).matches();
    }
}
