package org.millrace.streams;

import io.vertx.core.json.JsonObject;

/**
 * A change to a streams instance's viewer counts, published to every streams instance on
 * {@link StreamsStateSync#VIEWERS} so each keeps the whole picture: a heartbeat ({@code viewerId} set, from
 * {@code clientAddress}, which may be null when unknown) or the stream's viewers forgotten ({@code viewerId} null:
 * its session ended or it was deleted).
 *
 * @param origin the instance that took the change (it applied it already and ignores its own publish)
 */
public record ViewerChange(String origin, String streamId, String viewerId, String clientAddress) {
    public ViewerChange {
        if (origin == null || origin.isEmpty() || streamId == null || streamId.isEmpty()) {
            throw new IllegalArgumentException("a viewer change names its origin and its stream");
        }
        if (viewerId != null && !ViewerCounter.isValidViewerId(viewerId)) {
            throw new IllegalArgumentException("invalid viewer id");
        }
    }

    public boolean forgetsStream() {
        return viewerId == null;
    }

    public JsonObject toJson() {
        return new JsonObject()
                .put("origin", origin)
                .put("streamId", streamId)
                .put("viewerId", viewerId)
                .put("clientAddress", clientAddress);
    }

    public static ViewerChange fromJson(JsonObject json) {
        return new ViewerChange(
                json.getString("origin"),
                json.getString("streamId"),
                json.getString("viewerId"),
                json.getString("clientAddress"));
    }
}
