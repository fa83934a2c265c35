package org.millrace.streams;

import java.util.Base64;
import org.millrace.core.bus.ServiceException;

/**
 * The stored hash of the key a publisher was authorized with, as it travels to the SRT ingest and back with
 * {@code publish-started}: the start is refused if the stream's key changed in between. The hash is what the
 * database holds, not the key: it lets nobody publish.
 */
final class PublishGrant {
    private static final int HASH_BYTES = 32;

    private PublishGrant() {}

    static String encode(byte[] keyHash) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(keyHash);
    }

    /** The hash, null for null; a 400 for anything that is not one. */
    static byte[] decode(String grant) {
        if (grant == null) {
            return null;
        }
        try {
            byte[] hash = Base64.getUrlDecoder().decode(grant);
            if (hash.length == HASH_BYTES) {
                return hash;
            }
        } catch (IllegalArgumentException ignored) {
            // reported below
        }
        throw ServiceException.badRequest("invalid_grant", "grant must be the one the authorization answered");
    }
}
