package org.millrace.core.bus;

import io.vertx.core.json.JsonObject;

/**
 * The SRT ingest reports a publisher left ({@link Addresses#STREAMS_PUBLISH_STOPPED}); answered by a
 * {@link StreamLiveStatus}.
 *
 * @param sessionId  the session it fed; null means whatever session is current
 * @param ingestNode the cluster member whose ingest held the publisher: a stop from another node than the one
 *                   holding the session (it was taken over) changes nothing; null: whichever node holds it
 */
public record PublishStopped(String streamId, String sessionId, String ingestNode) {

    public PublishStopped {
        if (streamId == null || streamId.isEmpty()) {
            throw new MalformedMessage("streamId", "streamId is required");
        }
    }

    public JsonObject toJson() {
        JsonObject json = new JsonObject().put("streamId", streamId).put("sessionId", sessionId);
        if (ingestNode != null) {
            json.put("ingestNode", ingestNode);
        }
        return json;
    }

    public static PublishStopped fromJson(JsonObject json) {
        return new PublishStopped(
                MessageFields.string(json, "streamId"),
                MessageFields.string(json, "sessionId"),
                MessageFields.string(json, "ingestNode"));
    }
}
