package org.millrace.core.bus;

import io.vertx.core.json.JsonObject;
import java.util.Set;

/**
 * The streams service's word that a stream may no longer be published with what its publisher connected with:
 * published on {@link Addresses#INGEST_PUBLISH_REVOKED} so every SRT ingest node hears it, and the one holding the
 * stream's publisher cuts it at once.
 *
 * @param streamId the stream's public id
 * @param reason   {@link #KEY_ROTATED}, {@link #DISABLED} or {@link #DELETED}
 */
public record PublishRevoked(String streamId, String reason) {
    /** The owner rotated the key: the remedy for a leaked key. */
    public static final String KEY_ROTATED = "key_rotated";
    /** An admin disabled the stream. */
    public static final String DISABLED = "disabled";
    /** The stream was deleted. */
    public static final String DELETED = "deleted";

    private static final Set<String> REASONS = Set.of(KEY_ROTATED, DISABLED, DELETED);

    public PublishRevoked {
        if (streamId == null || streamId.isEmpty()) {
            throw new IllegalArgumentException("a revocation names its stream");
        }
        if (!REASONS.contains(reason)) {
            throw new IllegalArgumentException("unknown revocation reason: " + reason);
        }
    }

    public JsonObject toJson() {
        return new JsonObject().put("streamId", streamId).put("reason", reason);
    }

    public static PublishRevoked fromJson(JsonObject json) {
        return new PublishRevoked(json.getString("streamId"), json.getString("reason"));
    }
}
