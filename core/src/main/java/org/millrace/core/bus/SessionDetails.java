package org.millrace.core.bus;

import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * The streams service's answer to a {@link SessionQuery}: one live session and what the recorder needs of its
 * stream. On the wire the session's own fields nest as {@code session:{id, startedAt, endedAt}}.
 *
 * @param status           the stream's status now ({@code live}, {@code reconnecting}, {@code offline})
 * @param currentSessionId the stream's session now, null when offline
 * @param endedAt          null while the session is on air
 */
public record SessionDetails(
        String streamId,
        String title,
        String description,
        String ownerId,
        String ownerUsername,
        String recordingVisibility,
        String status,
        String currentSessionId,
        String sessionId,
        Instant startedAt,
        Instant endedAt) {

    /** What a stream records as when it did not say. */
    public static final String DEFAULT_RECORDING_VISIBILITY = "public";

    public SessionDetails {
        if (streamId == null || sessionId == null) {
            throw new IllegalArgumentException("session details name the stream and the session");
        }
    }

    public JsonObject toJson() {
        return new JsonObject()
                .put("streamId", streamId)
                .put("title", title)
                .put("description", description)
                .put("ownerId", ownerId)
                .put("ownerUsername", ownerUsername)
                .put("recordingVisibility", recordingVisibility)
                .put("status", status)
                .put("currentSessionId", currentSessionId)
                .put(
                        "session",
                        new JsonObject()
                                .put("id", sessionId)
                                .put("startedAt", MessageFields.text(startedAt))
                                .put("endedAt", MessageFields.text(endedAt)));
    }

    /** A missing description reads as empty, a missing recording visibility as {@code public}. */
    public static SessionDetails fromJson(JsonObject json) {
        JsonObject session = MessageFields.present(MessageFields.object(json, "session"), "session");
        String description = MessageFields.string(json, "description");
        String visibility = MessageFields.string(json, "recordingVisibility");
        return new SessionDetails(
                MessageFields.required(json, "streamId"),
                MessageFields.string(json, "title"),
                description == null ? "" : description,
                MessageFields.string(json, "ownerId"),
                MessageFields.string(json, "ownerUsername"),
                visibility == null ? DEFAULT_RECORDING_VISIBILITY : visibility,
                MessageFields.string(json, "status"),
                MessageFields.string(json, "currentSessionId"),
                MessageFields.required(session, "id"),
                MessageFields.instant(session, "startedAt"),
                MessageFields.instant(session, "endedAt"));
    }
}
