package org.millrace.gateway;

import io.vertx.core.json.JsonObject;

/**
 * Where a video's files lie in storage and who may read them: the vod service's {@code VIDEOS_PLAYBACK} answer.
 * Prefixes end with {@code /}; any key may be null when the video has no such file.
 */
record VodPlayback(String videoId, String visibility, String ownerId, String hlsPrefix, String hlsMaster,
                   String mp4Key, String posterKey, String thumbnailsPrefix) {

    static VodPlayback fromJson(JsonObject json) {
        return new VodPlayback(json.getString("videoId"), json.getString("visibility"), json.getString("ownerId"),
                json.getString("hlsPrefix"), json.getString("hlsMaster"), json.getString("mp4Key"),
                json.getString("posterKey"), json.getString("thumbnailsPrefix"));
    }

    /**
     * Whether every request needs a playback token. Anything but the two open visibilities counts, so a
     * visibility this gateway does not know yet fails closed.
     */
    boolean needsToken() {
        return !"public".equals(visibility) && !"unlisted".equals(visibility);
    }
}
