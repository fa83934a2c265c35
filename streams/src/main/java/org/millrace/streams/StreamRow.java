package org.millrace.streams;

import java.time.Instant;

/**
 * One row of {@code streams} as the service reads it (the key hash stays in the database).
 *
 * @param passphraseSealed the passphrase as {@link PassphraseCipher} sealed it, or null when there is none
 * @param sessionId        the current live session, null when offline
 * @param recordingVisibility the visibility the recorder gives this stream's videos: public, unlisted or private
 * @param ingestNode       the cluster node whose SRT ingest holds the publisher (live) or last held it
 *                         (reconnecting); null when offline
 */
public record StreamRow(
        String id,
        long seq,
        String ownerId,
        String ownerUsername,
        String title,
        String description,
        String passphraseSealed,
        boolean disabled,
        LiveStatus status,
        String sessionId,
        Instant startedAt,
        Instant createdAt,
        Instant updatedAt,
        io.vertx.core.json.JsonArray renditions,
        String recordingVisibility,
        String ingestNode) {

    public boolean ownedBy(String userId) {
        return ownerId.equals(userId);
    }

    /** Records print every field; this one holds a (sealed) secret. */
    @Override
    public String toString() {
        return "StreamRow[id=" + id + ", owner=" + ownerId + ", status=" + status + "]";
    }
}
