package org.millrace.uploads.service;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Pattern;

/** Upload ids: 16 random bytes, base64url (22 characters), so nobody guesses another's upload. */
public final class UploadIds {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{22}");

    private final SecureRandom random;

    public UploadIds(SecureRandom random) {
        this.random = random;
    }

    public String newId() {
        byte[] raw = new byte[16];
        random.nextBytes(raw);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    }

    public static boolean looksLikeId(String id) {
        return id != null && ID.matcher(id).matches();
    }
}
