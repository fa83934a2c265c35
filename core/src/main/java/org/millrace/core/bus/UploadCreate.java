package org.millrace.core.bus;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * The gateway asks the uploads service to create an upload (tus creation, {@link Addresses#UPLOADS_CREATE}) for the
 * caller, with the metadata the client sent; answered with an {@link UploadState}.
 */
public record UploadCreate(
        String ownerId,
        String ownerUsername,
        String filename,
        String title,
        String description,
        List<String> tags,
        String visibility,
        long length) {

    public UploadCreate {
        if (ownerId == null || ownerId.isEmpty()) {
            throw new MalformedMessage("ownerId", "ownerId is required");
        }
        if (length < 0) {
            throw new MalformedMessage("length", "length must not be negative");
        }
        tags = tags == null ? List.of() : List.copyOf(tags);
    }

    public JsonObject toJson() {
        return new JsonObject()
                .put("ownerId", ownerId)
                .put("ownerUsername", ownerUsername)
                .put("filename", filename)
                .put("title", title)
                .put("description", description)
                .put("tags", new JsonArray(tags))
                .put("visibility", visibility)
                .put("length", length);
    }

    public static UploadCreate fromJson(JsonObject json) {
        JsonArray tags = MessageFields.array(json, "tags");
        List<String> list = new java.util.ArrayList<>();
        if (tags != null) {
            for (Object tag : tags) {
                if (!(tag instanceof String s)) {
                    throw new MalformedMessage("tags", "tags must be a list of strings");
                }
                list.add(s);
            }
        }
        return new UploadCreate(
                MessageFields.required(json, "ownerId"),
                MessageFields.string(json, "ownerUsername"),
                MessageFields.string(json, "filename"),
                MessageFields.string(json, "title"),
                MessageFields.string(json, "description"),
                list,
                MessageFields.string(json, "visibility"),
                MessageFields.present(MessageFields.whole(json, "length"), "length"));
    }
}
