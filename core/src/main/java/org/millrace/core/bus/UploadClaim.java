package org.millrace.core.bus;

import io.vertx.core.json.JsonObject;

/**
 * A gateway wants to write an owner's upload from {@code offset} on ({@link Addresses#UPLOADS_CLAIM}): granted (an
 * {@link UploadState}, the upload now held by {@code writer} for a lease) only when the upload is unfinished, its
 * offset is {@code offset} (else 409) and no other writer holds it (else 423); someone else's upload is a 404.
 */
public record UploadClaim(String id, String ownerId, long offset, String writer) {

    public UploadClaim {
        if (id == null || id.isEmpty() || ownerId == null || ownerId.isEmpty()) {
            throw new MalformedMessage("id", "id and ownerId are required");
        }
        if (writer == null || writer.isEmpty()) {
            throw new MalformedMessage("writer", "writer is required");
        }
        if (offset < 0) {
            throw new MalformedMessage("offset", "offset must not be negative");
        }
    }

    public JsonObject toJson() {
        return new JsonObject()
                .put("id", id)
                .put("ownerId", ownerId)
                .put("offset", offset)
                .put("writer", writer);
    }

    public static UploadClaim fromJson(JsonObject json) {
        return new UploadClaim(
                MessageFields.string(json, "id"),
                MessageFields.string(json, "ownerId"),
                MessageFields.present(MessageFields.whole(json, "offset"), "offset"),
                MessageFields.string(json, "writer"));
    }
}
