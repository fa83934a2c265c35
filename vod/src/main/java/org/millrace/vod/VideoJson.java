package org.millrace.vod;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.millrace.core.bus.VideoPlayback;
import org.millrace.core.security.PlaybackTokens;
import org.millrace.core.security.Principal;

/**
 * The public JSON of a video, with its playback URLs under {@code /vod/<id>/}; a private video's URLs carry a
 * playback token, since only its owner or an admin is ever shown one.
 */
public final class VideoJson {
    private final PlaybackTokens tokens;

    public VideoJson(PlaybackTokens tokens) {
        this.tokens = tokens;
    }

    /** The video as {@code caller} (null: anonymous) sees it; {@code likedByMe} only when there is a caller. */
    public JsonObject of(VideoRow video, Principal caller) {
        String base = "/vod/" + video.id() + "/";
        String query = video.visibility() == Visibility.PRIVATE
                ? "?" + PlaybackTokens.QUERY_PARAM + "=" + tokens.issue(video.id())
                : "";
        JsonArray thumbnails = new JsonArray();
        for (Object item : video.thumbnails()) {
            JsonObject thumb = (JsonObject) item;
            String file =
                    thumb.getString("key").substring(video.thumbnailsPrefix().length());
            thumbnails.add(
                    new JsonObject().put("time", thumb.getValue("time")).put("url", base + "thumbs/" + file + query));
        }
        JsonObject json = new JsonObject()
                .put("id", video.id())
                .put("title", video.title())
                .put("description", video.description())
                .put("tags", new JsonArray(video.tags()))
                .put("visibility", video.visibility().wireName())
                .put("owner", new JsonObject().put("id", video.ownerId()).put("username", video.ownerUsername()))
                .put("streamId", video.streamId())
                .put("recordingId", video.recordingId())
                .put("durationSeconds", video.durationSeconds())
                .put("width", video.width())
                .put("height", video.height())
                .put(
                        "recordedAt",
                        video.recordedAt() == null ? null : video.recordedAt().toString())
                .put("createdAt", video.createdAt().toString())
                .put("views", video.views())
                .put("likes", video.likes());
        if (caller != null) {
            json.put("likedByMe", video.likedByMe());
        }
        return json.put("posterUrl", video.posterKey() == null ? null : base + "poster.jpg" + query)
                .put("hlsUrl", base + "master.m3u8" + query)
                .put("mp4Url", base + "video.mp4" + query)
                .put("thumbnails", thumbnails);
    }

    /** What the gateway needs to serve {@code /vod/<id>/...} from storage and to decide who may. */
    public static VideoPlayback playback(VideoRow video) {
        return new VideoPlayback(
                video.id(),
                video.visibility().wireName(),
                video.ownerId(),
                video.hlsPrefix(),
                video.hlsMaster(),
                video.mp4Key(),
                video.posterKey(),
                video.thumbnailsPrefix());
    }
}
