package org.millrace.core.bus;

import io.vertx.core.json.JsonObject;

/**
 * The vod service's answer to a {@link PlaybackQuery}: where a video's files lie in storage and who may read them.
 * Prefixes end with {@code /}; any key may be null when the video has no such file.
 */
public record VideoPlayback(
        String videoId,
        String visibility,
        String ownerId,
        String hlsPrefix,
        String hlsMaster,
        String mp4Key,
        String posterKey,
        String thumbnailsPrefix) {

    public VideoPlayback {
        if (videoId == null || videoId.isEmpty()) {
            throw new IllegalArgumentException("a playback answer names its video");
        }
    }

    /**
     * Whether every request needs a playback token. Anything but the two open visibilities counts, so a visibility
     * a gateway does not know yet (or none) fails closed.
     */
    public boolean needsToken() {
        return !"public".equals(visibility) && !"unlisted".equals(visibility);
    }

    public JsonObject toJson() {
        return new JsonObject()
                .put("videoId", videoId)
                .put("visibility", visibility)
                .put("ownerId", ownerId)
                .put("hlsPrefix", hlsPrefix)
                .put("hlsMaster", hlsMaster)
                .put("mp4Key", mp4Key)
                .put("posterKey", posterKey)
                .put("thumbnailsPrefix", thumbnailsPrefix);
    }

    public static VideoPlayback fromJson(JsonObject json) {
        return new VideoPlayback(
                MessageFields.required(json, "videoId"),
                MessageFields.string(json, "visibility"),
                MessageFields.string(json, "ownerId"),
                MessageFields.string(json, "hlsPrefix"),
                MessageFields.string(json, "hlsMaster"),
                MessageFields.string(json, "mp4Key"),
                MessageFields.string(json, "posterKey"),
                MessageFields.string(json, "thumbnailsPrefix"));
    }
}
