package org.millrace.core.bus;

import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * The streams service's answer to {@link PublishStarted}: the live session the publisher feeds, a new one or the
 * interrupted one resumed within the reconnect grace.
 */
public record SessionAssignment(String streamId, String sessionId, Instant startedAt, boolean resumed) {

    public SessionAssignment {
        if (streamId == null || sessionId == null || startedAt == null) {
            throw new IllegalArgumentException("a session assignment names the stream, the session and its start");
        }
    }

    public JsonObject toJson() {
        return new JsonObject()
                .put("streamId", streamId)
                .put("sessionId", sessionId)
                .put("startedAt", startedAt.toString())
                .put("resumed", resumed);
    }

    public static SessionAssignment fromJson(JsonObject json) {
        return new SessionAssignment(
                MessageFields.required(json, "streamId"),
                MessageFields.required(json, "sessionId"),
                MessageFields.requiredInstant(json, "startedAt"),
                MessageFields.bool(json, "resumed", false));
    }
}
