package org.millrace.core.media;

import java.time.Instant;

/**
 * Who is publishing what: the stream's public id (never its key), the live session, whether this publisher
 * resumed an interrupted session (a reconnect within the grace), when the session started, and the publisher's
 * address and SRT details.
 */
public record LiveSessionInfo(
        String streamId,
        String sessionId,
        boolean resumed,
        Instant sessionStartedAt,
        String publisher,
        int latencyMillis,
        boolean encrypted) {}
