package org.millrace.core.bus;

import io.vertx.core.json.JsonObject;

/**
 * The writer holding an upload records what storage now holds durably ({@link Addresses#UPLOADS_ADVANCE}): the
 * offset moves from {@code fromOffset} to {@code toOffset} with the storage state describing those bytes (opaque
 * to the service; see core's {@code UploadObjectState}); {@code complete} when they are the whole file (the upload
 * is then queued for transcoding); {@code release} gives up the claim. Renews the claim's lease otherwise; a
 * writer that lost its claim gets a 409.
 */
public record UploadAdvance(
        String id,
        String writer,
        long fromOffset,
        long toOffset,
        JsonObject storageState,
        boolean complete,
        boolean release) {

    public UploadAdvance {
        if (id == null || id.isEmpty() || writer == null || writer.isEmpty()) {
            throw new MalformedMessage("id", "id and writer are required");
        }
        if (fromOffset < 0 || toOffset < fromOffset) {
            throw new MalformedMessage("toOffset", "offsets must not go backwards");
        }
    }

    public JsonObject toJson() {
        return new JsonObject()
                .put("id", id)
                .put("writer", writer)
                .put("fromOffset", fromOffset)
                .put("toOffset", toOffset)
                .put("storageState", storageState)
                .put("complete", complete)
                .put("release", release);
    }

    public static UploadAdvance fromJson(JsonObject json) {
        return new UploadAdvance(
                MessageFields.string(json, "id"),
                MessageFields.string(json, "writer"),
                MessageFields.present(MessageFields.whole(json, "fromOffset"), "fromOffset"),
                MessageFields.present(MessageFields.whole(json, "toOffset"), "toOffset"),
                MessageFields.object(json, "storageState"),
                MessageFields.bool(json, "complete", false),
                MessageFields.bool(json, "release", false));
    }
}
