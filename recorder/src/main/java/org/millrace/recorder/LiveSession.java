package org.millrace.recorder;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.millrace.core.bus.SessionDetails;

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

    private static final DateTimeFormatter TITLE_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);

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

    public static LiveSession of(SessionDetails details) {
        return new LiveSession(
                details.streamId(),
                details.sessionId(),
                details.title(),
                details.description(),
                details.ownerId(),
                details.ownerUsername(),
                details.recordingVisibility(),
                details.startedAt(),
                details.endedAt());
    }
}
