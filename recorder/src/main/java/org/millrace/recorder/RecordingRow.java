package org.millrace.recorder;

import java.time.Instant;

/**
 * One row of {@code recordings}: a live session's recording and what the recorder copied of its stream.
 *
 * @param durationSeconds null until ready
 * @param videoId         the vod service's video, null until ready
 */
public record RecordingRow(
        String id,
        long seq,
        String streamId,
        String sessionId,
        String ownerId,
        String ownerUsername,
        String title,
        String description,
        String visibility,
        RecordingStatus status,
        int attempts,
        String error,
        Instant nextAttemptAt,
        Double durationSeconds,
        String videoId,
        Instant sessionStartedAt,
        Instant sessionEndedAt,
        Instant createdAt,
        Instant updatedAt) {}
