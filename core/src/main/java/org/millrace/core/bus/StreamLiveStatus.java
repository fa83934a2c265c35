package org.millrace.core.bus;

import io.vertx.core.json.JsonObject;

/**
 * A stream's live status after a {@link PublishStopped}: {@code live}, {@code reconnecting} or {@code offline}.
 */
public record StreamLiveStatus(String streamId, String status) {

    public JsonObject toJson() {
        return new JsonObject().put("streamId", streamId).put("status", status);
    }

    public static StreamLiveStatus fromJson(JsonObject json) {
        return new StreamLiveStatus(MessageFields.required(json, "streamId"), MessageFields.required(json, "status"));
    }
}
