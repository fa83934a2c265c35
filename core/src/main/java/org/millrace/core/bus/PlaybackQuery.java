package org.millrace.core.bus;

import io.vertx.core.json.JsonObject;

/** The gateway asks the vod service where a video's files are ({@link Addresses#VIDEOS_PLAYBACK}). */
public record PlaybackQuery(String videoId) {

    public PlaybackQuery {
        if (videoId == null || videoId.isEmpty()) {
            throw new MalformedMessage("videoId", "videoId is required");
        }
    }

    public JsonObject toJson() {
        return new JsonObject().put("videoId", videoId);
    }

    public static PlaybackQuery fromJson(JsonObject json) {
        return new PlaybackQuery(MessageFields.string(json, "videoId"));
    }
}
