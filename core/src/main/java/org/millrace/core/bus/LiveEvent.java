package org.millrace.core.bus;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.millrace.core.media.RenditionInfo;

/**
 * One event of a live session, published on {@link Addresses#EVENTS_LIVE}: the streams service announces a session
 * started, interrupted, resumed and ended ({@link LiveEvents}; the recorder's cue), the transcoder that the session's
 * renditions are playable. Every ingest node, streams and recorder instance hears it. A consumer ignores a type it
 * does not know, so new types can be added without a lockstep upgrade.
 *
 * @param at         when it happened; null when the sender did not say (the renditions event)
 * @param renditions what the master playlist lists; empty but for {@link LiveEvents#RENDITIONS}
 */
public record LiveEvent(String type, String streamId, String sessionId, Instant at, List<RenditionInfo> renditions) {

    public LiveEvent {
        if (type == null
                || type.isEmpty()
                || streamId == null
                || streamId.isEmpty()
                || sessionId == null
                || sessionId.isEmpty()) {
            throw new IllegalArgumentException("a live event names its type, stream and session");
        }
        renditions = renditions == null ? List.of() : List.copyOf(renditions);
    }

    /** A change of the session's state ({@link LiveEvents#STARTED}, ...), dated now. */
    public static LiveEvent of(String type, String streamId, String sessionId) {
        return new LiveEvent(type, streamId, sessionId, Instant.now(), List.of());
    }

    /** The transcoder wrote the session's master playlist: these renditions can be played. */
    public static LiveEvent renditions(String streamId, String sessionId, List<RenditionInfo> renditions) {
        return new LiveEvent(LiveEvents.RENDITIONS, streamId, sessionId, null, renditions);
    }

    public boolean is(String eventType) {
        return type.equals(eventType);
    }

    public JsonObject toJson() {
        JsonObject json =
                new JsonObject().put("type", type).put("streamId", streamId).put("sessionId", sessionId);
        if (at != null) {
            json.put("at", at.toString());
        }
        if (LiveEvents.RENDITIONS.equals(type)) {
            json.put(
                    "renditions",
                    new JsonArray(renditions.stream().map(RenditionInfo::toJson).toList()));
        }
        return json;
    }

    public static LiveEvent fromJson(JsonObject json) {
        JsonArray list = MessageFields.array(json, "renditions");
        List<RenditionInfo> renditions = new ArrayList<>();
        for (int i = 0; list != null && i < list.size(); i++) {
            renditions.add(RenditionInfo.fromJson(MessageFields.element(list, i, "renditions")));
        }
        return new LiveEvent(
                MessageFields.required(json, "type"),
                MessageFields.required(json, "streamId"),
                MessageFields.required(json, "sessionId"),
                MessageFields.instant(json, "at"),
                renditions);
    }
}
