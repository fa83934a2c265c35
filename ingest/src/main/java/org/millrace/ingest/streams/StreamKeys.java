package org.millrace.ingest.streams;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * Makes public stream ids and secret stream keys, and the keyed hash under which a key is stored and looked up.
 * Only the hash reaches the database, so a leaked table does not let anyone publish.
 */
public final class StreamKeys {
    /** Label of the derived hashing key; a new label (v2) would invalidate every key at once. */
    static final String HASH_LABEL = "millrace/stream-key-v1";
    /** The same alphabet and bounds as {@code PublishRequest} accepts in an SRT stream id. */
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_-]{8,128}");
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{16}");
    private static final int KEY_BYTES = 32; // 256 bits
    private static final int ID_BYTES = 12; // 96 bits: unguessable, short enough for URLs

    private final SecureRandom random;
    private final byte[] hashKey;

    public StreamKeys(byte[] serverSecret, SecureRandom random) {
        this.random = random;
        this.hashKey = DerivedKey.derive(serverSecret, HASH_LABEL);
    }

    public String newKey() {
        return randomToken(KEY_BYTES);
    }

    public String newId() {
        return randomToken(ID_BYTES);
    }

    /** The stored form of a key. */
    public byte[] hash(String key) {
        return DerivedKey.hmacSha256(hashKey, key.getBytes(StandardCharsets.US_ASCII));
    }

    public static boolean looksLikeKey(String key) {
        return key != null && KEY.matcher(key).matches();
    }

    public static boolean looksLikeId(String id) {
        return id != null && ID.matcher(id).matches();
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
