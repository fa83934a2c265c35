package org.millrace.core.bus;

import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * An upload as the gateway's tus handler needs it: its owner, status ({@code uploading} until the last byte), the
 * durable offset of its {@code length} bytes, the storage state of those bytes (null before the first byte) and
 * when it expires if it makes no more progress.
 */
public record UploadState(
        String id,
        String ownerId,
        String status,
        long offset,
        long length,
        JsonObject storageState,
        Instant expiresAt) {

    public UploadState {
        if (id == null || id.isEmpty()) {
            throw new MalformedMessage("id", "id is required");
        }
    }

    public boolean uploading() {
        return "uploading".equals(status);
    }

    public JsonObject toJson() {
        return new JsonObject()
                .put("id", id)
                .put("ownerId", ownerId)
                .put("status", status)
                .put("offset", offset)
                .put("length", length)
                .put("storageState", storageState)
                .put("expiresAt", MessageFields.text(expiresAt));
    }

    public static UploadState fromJson(JsonObject json) {
        return new UploadState(
                MessageFields.string(json, "id"),
                MessageFields.string(json, "ownerId"),
                MessageFields.string(json, "status"),
                MessageFields.whole(json, "offset", 0),
                MessageFields.whole(json, "length", 0),
                MessageFields.object(json, "storageState"),
                MessageFields.instant(json, "expiresAt"));
    }
}
