package org.millrace.vod;

import io.vertx.core.json.JsonArray;
import java.time.Instant;
import java.util.List;

/**
 * One row of the videos table as the service uses it; {@code likedByMe} is whether the caller of the query that
 * read it likes it (false without a caller).
 *
 * @param thumbnails {@code [{time, key}]}
 */
public record VideoRow(
        String id,
        long seq,
        String ownerId,
        String ownerUsername,
        String title,
        String description,
        List<String> tags,
        Visibility visibility,
        String streamId,
        String recordingId,
        String sessionId,
        Instant recordedAt,
        double durationSeconds,
        int width,
        int height,
        String mp4Key,
        long mp4Bytes,
        String posterKey,
        JsonArray thumbnails,
        String thumbnailsPrefix,
        String hlsPrefix,
        String hlsMaster,
        long views,
        long likes,
        Instant createdAt,
        Instant updatedAt,
        boolean likedByMe) {

    public VideoRow {
        tags = List.copyOf(tags);
    }

    public boolean ownedBy(String userId) {
        return ownerId.equals(userId);
    }
}
