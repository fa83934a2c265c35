package org.millrace.core.bus;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What the recorder hands the vod service for a finished recording ({@code POST /internal/videos/import}, routed
 * to {@link Addresses#VIDEOS_IMPORT}): the stream's details and the storage keys of the media it built. Reading it
 * checks presence and types only; the vod service checks the values (ids, sizes, that every key lies in the
 * recording's own folders) before storing anything.
 *
 * @param description null or empty when there is none
 * @param tags        may be empty
 */
public record VideoImportBody(
        String recordingId,
        String streamId,
        String sessionId,
        String ownerId,
        String ownerUsername,
        String title,
        String description,
        String visibility,
        List<String> tags,
        Instant recordedAt,
        double durationSeconds,
        int width,
        int height,
        String mp4Key,
        long mp4Bytes,
        String posterKey,
        String thumbnailsPrefix,
        List<Thumbnail> thumbnails,
        String hlsPrefix,
        String hlsMaster) {

    /** A preview image at {@code time} seconds into the video. */
    public record Thumbnail(double time, String key) {}

    public VideoImportBody {
        tags = tags == null ? List.of() : List.copyOf(tags);
        thumbnails = thumbnails == null ? List.of() : List.copyOf(thumbnails);
    }

    public JsonObject toJson() {
        JsonArray thumbs = new JsonArray();
        thumbnails.forEach(
                t -> thumbs.add(new JsonObject().put("time", t.time()).put("key", t.key())));
        return new JsonObject()
                .put("recordingId", recordingId)
                .put("streamId", streamId)
                .put("sessionId", sessionId)
                .put("ownerId", ownerId)
                .put("ownerUsername", ownerUsername)
                .put("title", title)
                .put("description", description)
                .put("visibility", visibility)
                .put("tags", new JsonArray(tags))
                .put("recordedAt", MessageFields.text(recordedAt))
                .put("durationSeconds", durationSeconds)
                .put("width", width)
                .put("height", height)
                .put("mp4Key", mp4Key)
                .put("mp4Bytes", mp4Bytes)
                .put("posterKey", posterKey)
                .put("thumbnailsPrefix", thumbnailsPrefix)
                .put("thumbnails", thumbs)
                .put("hlsPrefix", hlsPrefix)
                .put("hlsMaster", hlsMaster);
    }

    /** Every field is required but {@code description} and {@code tags}. */
    public static VideoImportBody fromJson(JsonObject json) {
        return new VideoImportBody(
                MessageFields.required(json, "recordingId"),
                MessageFields.required(json, "streamId"),
                MessageFields.required(json, "sessionId"),
                MessageFields.required(json, "ownerId"),
                MessageFields.required(json, "ownerUsername"),
                MessageFields.required(json, "title"),
                MessageFields.string(json, "description"),
                MessageFields.required(json, "visibility"),
                tags(json),
                MessageFields.requiredInstant(json, "recordedAt"),
                requiredNumber(json, "durationSeconds").doubleValue(),
                side(json, "width"),
                side(json, "height"),
                MessageFields.required(json, "mp4Key"),
                requiredWhole(json, "mp4Bytes"),
                MessageFields.required(json, "posterKey"),
                MessageFields.required(json, "thumbnailsPrefix"),
                thumbnails(json),
                MessageFields.required(json, "hlsPrefix"),
                MessageFields.required(json, "hlsMaster"));
    }

    private static List<String> tags(JsonObject json) {
        JsonArray array = MessageFields.array(json, "tags");
        List<String> tags = new ArrayList<>();
        for (int i = 0; array != null && i < array.size(); i++) {
            if (!(array.getValue(i) instanceof String tag)) {
                throw new MalformedMessage("tags", "tags must be a list of strings");
            }
            tags.add(tag);
        }
        return tags;
    }

    private static List<Thumbnail> thumbnails(JsonObject json) {
        JsonArray array = MessageFields.present(MessageFields.array(json, "thumbnails"), "thumbnails");
        List<Thumbnail> thumbnails = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            JsonObject item = MessageFields.element(array, i, "thumbnails");
            if (!(item.getValue("time") instanceof Number time) || !(item.getValue("key") instanceof String key)) {
                throw new MalformedMessage("thumbnails", "thumbnails must be a list of {time, key}");
            }
            thumbnails.add(new Thumbnail(time.doubleValue(), key));
        }
        return thumbnails;
    }

    private static Number requiredNumber(JsonObject json, String field) {
        return MessageFields.present(MessageFields.number(json, field), field);
    }

    private static long requiredWhole(JsonObject json, String field) {
        requiredNumber(json, field);
        return MessageFields.whole(json, field);
    }

    private static int side(JsonObject json, String field) {
        long value = requiredWhole(json, field);
        if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
            throw new MalformedMessage(field, field + " is out of range");
        }
        return (int) value;
    }
}
