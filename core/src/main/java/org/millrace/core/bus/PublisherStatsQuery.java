package org.millrace.core.bus;

import io.vertx.core.json.JsonObject;

/** The streams service asks the SRT ingest for a publisher's live measures ({@link Addresses#INGEST_LIVE_STATS}). */
public record PublisherStatsQuery(String streamId) {

    public JsonObject toJson() {
        return new JsonObject().put("streamId", streamId);
    }

    /** A missing stream id asks about nobody: the answer is "not connected". */
    public static PublisherStatsQuery fromJson(JsonObject json) {
        return new PublisherStatsQuery(MessageFields.string(json, "streamId"));
    }
}
