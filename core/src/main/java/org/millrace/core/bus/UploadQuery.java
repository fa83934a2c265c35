package org.millrace.core.bus;

import io.vertx.core.json.JsonObject;

/**
 * One upload of one owner ({@link Addresses#UPLOADS_FIND}, {@link Addresses#UPLOADS_TERMINATE}): someone else's
 * upload is a 404, like a missing one.
 */
public record UploadQuery(String id, String ownerId) {

    public UploadQuery {
        if (id == null || id.isEmpty()) {
            throw new MalformedMessage("id", "id is required");
        }
        if (ownerId == null || ownerId.isEmpty()) {
            throw new MalformedMessage("ownerId", "ownerId is required");
        }
    }

    public JsonObject toJson() {
        return new JsonObject().put("id", id).put("ownerId", ownerId);
    }

    public static UploadQuery fromJson(JsonObject json) {
        return new UploadQuery(MessageFields.string(json, "id"), MessageFields.string(json, "ownerId"));
    }
}
