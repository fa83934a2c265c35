package org.millrace.core.bus;

import io.vertx.core.json.JsonObject;

/** The recorder asks the streams service about one live session ({@link Addresses#STREAMS_SESSION}). */
public record SessionQuery(String streamId, String sessionId) {

    public SessionQuery {
        if (streamId == null || streamId.isEmpty() || sessionId == null || sessionId.isEmpty()) {
            throw new MalformedMessage(
                    streamId == null || streamId.isEmpty() ? "streamId" : "sessionId",
                    "streamId and sessionId are required");
        }
    }

    public JsonObject toJson() {
        return new JsonObject().put("streamId", streamId).put("sessionId", sessionId);
    }

    public static SessionQuery fromJson(JsonObject json) {
        return new SessionQuery(MessageFields.string(json, "streamId"), MessageFields.string(json, "sessionId"));
    }
}
