package org.millrace.core.bus;

import io.vertx.core.json.JsonObject;
import org.millrace.hls.PlaylistTail;

/**
 * One change to a live rendition's playlist (a new part, a complete segment, the end), published by the transcoder's
 * node on {@link Addresses#livePlaylist(String)} once what it lists is in storage: the gateways serving the stream's
 * viewers merge the tail into their copy of the playlist and answer LL-HLS blocking requests from it.
 *
 * @param rendition the rendition's directory name in the session ({@code 720p}, {@code source}, {@code audio})
 * @param tail      the playlist's live edge; on the wire {@code tail:{version, ended, segments:[...], open:{...}}}
 */
public record LivePlaylistUpdate(String streamId, String sessionId, String rendition, PlaylistTail tail) {

    public LivePlaylistUpdate {
        if (streamId == null || streamId.isEmpty()) {
            throw new MalformedMessage("streamId", "streamId is required");
        }
        if (sessionId == null || sessionId.isEmpty()) {
            throw new MalformedMessage("sessionId", "sessionId is required");
        }
        if (rendition == null || rendition.isEmpty()) {
            throw new MalformedMessage("rendition", "rendition is required");
        }
        if (tail == null) {
            throw new MalformedMessage("tail", "tail is required");
        }
    }

    public JsonObject toJson() {
        return new JsonObject()
                .put("streamId", streamId)
                .put("sessionId", sessionId)
                .put("rendition", rendition)
                .put("tail", PlaylistTailJson.write(tail));
    }

    public static LivePlaylistUpdate fromJson(JsonObject json) {
        return new LivePlaylistUpdate(
                MessageFields.required(json, "streamId"),
                MessageFields.required(json, "sessionId"),
                MessageFields.required(json, "rendition"),
                PlaylistTailJson.read(MessageFields.present(MessageFields.object(json, "tail"), "tail")));
    }
}
