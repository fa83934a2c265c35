package org.millrace.core.bus;

import io.vertx.core.json.JsonObject;

/**
 * The SRT ingest reports a publisher left ({@link Addresses#STREAMS_PUBLISH_STOPPED}); answered by a
 * {@link StreamLiveStatus}.
 *
 * @param sessionId the session it fed; null means whatever session is current
 */
public record PublishStopped(String streamId, String sessionId) {

    public PublishStopped {
        if (streamId == null || streamId.isEmpty()) {
            throw new MalformedMessage("streamId", "streamId is required");
        }
    }

    public JsonObject toJson() {
        return new JsonObject().put("streamId", streamId).put("sessionId", sessionId);
    }

    public static PublishStopped fromJson(JsonObject json) {
        return new PublishStopped(MessageFields.string(json, "streamId"), MessageFields.string(json, "sessionId"));
    }
}
