package org.millrace.recorder;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import io.vertx.core.json.JsonObject;

/**
 * A live session as the streams service describes it ({@code millrace.streams.session}): its stream's details and
 * whether it has ended.
 *
 * @param endedAt null while the session is on air (live or reconnecting)
 */
public record LiveSession(
        String streamId,
        String sessionId,
        String streamTitle,
        String description,
        String ownerId,
        String ownerUsername,
        String recordingVisibility,
        Instant startedAt,
        Instant endedAt) {

    private static final DateTimeFormatter TITLE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
            .withZone(ZoneOffset.UTC);

    public boolean ended() {
        return endedAt != null;
    }

    /** The recording's title: the stream's title and when the session started, e.g. "Show — 2026-11-21 17:05 UTC". */
    public String recordingTitle() {
        return recordingTitle(streamTitle, startedAt);
    }

    public static String recordingTitle(String streamTitle, Instant startedAt) {
        return startedAt == null ? streamTitle : streamTitle + " — " + TITLE_TIME.format(startedAt) + " UTC";
    }

    public static LiveSession fromJson(JsonObject json) {
        JsonObject session = json.getJsonObject("session", new JsonObject());
        return new LiveSession(json.getString("streamId"), session.getString("id"), json.getString("title"),
                json.getString("description", ""), json.getString("ownerId"), json.getString("ownerUsername"),
                json.getString("recordingVisibility", "public"), instant(session.getString("startedAt")),
                instant(session.getString("endedAt")));
    }

    private static Instant instant(String value) {
        return value == null ? null : Instant.parse(value);
    }
}
