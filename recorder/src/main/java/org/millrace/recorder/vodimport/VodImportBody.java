package org.millrace.recorder.vodimport;

import org.millrace.recorder.RecordingRow;
import org.millrace.recorder.media.RecordingMedia;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** The import body of the shared contract, from a recording and the media its builder made. */
public final class VodImportBody {
    private VodImportBody() {
    }

    public static JsonObject of(RecordingRow recording, RecordingMedia media) {
        JsonArray thumbnails = new JsonArray();
        media.thumbnails().forEach(t -> thumbnails.add(new JsonObject().put("time", t.timeSeconds()).put("key", t.key())));
        return new JsonObject()
                .put("recordingId", recording.id())
                .put("streamId", recording.streamId())
                .put("sessionId", recording.sessionId())
                .put("ownerId", recording.ownerId())
                .put("ownerUsername", recording.ownerUsername())
                .put("title", recording.title())
                .put("description", recording.description())
                .put("visibility", recording.visibility())
                .put("tags", new JsonArray())
                .put("recordedAt", recording.sessionStartedAt() == null ? null
                        : recording.sessionStartedAt().toString())
                .put("durationSeconds", media.durationSeconds())
                .put("width", media.width())
                .put("height", media.height())
                .put("mp4Key", media.mp4Key())
                .put("mp4Bytes", media.mp4Bytes())
                .put("posterKey", media.posterKey())
                .put("thumbnailsPrefix", media.thumbnailsPrefix())
                .put("thumbnails", thumbnails)
                .put("hlsPrefix", media.hlsPrefix())
                .put("hlsMaster", media.hlsMaster());
    }
}
