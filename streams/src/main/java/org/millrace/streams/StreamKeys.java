package org.millrace.streams;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Pattern;
import org.millrace.core.security.PublicIds;

/**
 * Makes public stream ids and secret stream keys, and the keyed hash under which a key is stored and looked up.
 * Only the hash reaches the database, so a leaked table does not let anyone publish.
 */
public final class StreamKeys {
    /** Label of the derived hashing key; a new label (v2) would invalidate every key at once. */
    static final String HASH_LABEL = "millrace/stream-key-v1";
    /** The same alphabet and bounds as {@code PublishRequest} accepts in an SRT stream id. */
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_-]{8,128}");

    private static final int KEY_BYTES = 32; // 256 bits

    private final SecureRandom random;
    private final PublicIds ids;
    private final byte[] hashKey;

    public StreamKeys(byte[] serverSecret, SecureRandom random) {
        this.random = random;
        this.ids = new PublicIds(random);
        this.hashKey = DerivedKey.derive(serverSecret, HASH_LABEL);
    }

    public String newKey() {
        return randomToken(KEY_BYTES);
    }

    /** A stream or session id ({@link PublicIds}). */
    public String newId() {
        return ids.newId();
    }

    /** The stored form of a key. */
    public byte[] hash(String key) {
        return DerivedKey.hmacSha256(hashKey, key.getBytes(StandardCharsets.US_ASCII));
    }

    public static boolean looksLikeKey(String key) {
        return key != null && KEY.matcher(key).matches();
    }

    private String randomToken(int bytes) {
        byte[] raw = new byte[bytes];
        random.nextBytes(raw);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    }

    @Override
    public String toString() {
        return "StreamKeys[hidden]";
    }
}
