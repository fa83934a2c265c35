package org.millrace.streams;

import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * A publisher refused on a stream ({@code reason} and {@code at} set), or the stream's refusals cleared (a
 * publisher got in: both null), published to every streams instance on {@link StreamsStateSync#REFUSALS} so the
 * owner's stats show the last refusal whichever instance refused it and whichever answers the stats.
 *
 * @param origin the instance that took the change (it applied it already and ignores its own publish)
 */
public record RefusalChange(String origin, String streamId, String reason, Instant at) {
    public RefusalChange {
        if (origin == null || origin.isEmpty() || streamId == null || streamId.isEmpty()) {
            throw new IllegalArgumentException("a refusal change names its origin and its stream");
        }
        if ((reason == null) != (at == null)) {
            throw new IllegalArgumentException("a refusal has both a reason and a time, a clearing neither");
        }
    }

    public boolean clears() {
        return reason == null;
    }

    public JsonObject toJson() {
        return new JsonObject()
                .put("origin", origin)
                .put("streamId", streamId)
                .put("reason", reason)
                .put("at", at == null ? null : at.toString());
    }

    public static RefusalChange fromJson(JsonObject json) {
        String at = json.getString("at");
        return new RefusalChange(
                json.getString("origin"),
                json.getString("streamId"),
                json.getString("reason"),
                at == null ? null : Instant.parse(at));
    }
}
