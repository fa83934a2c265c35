package org.millrace.uploads.service;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;

/** One row of the {@code uploads} table as the uploads service reads it. */
public record UploadRow(
        String id,
        long seq,
        String ownerId,
        String filename,
        String title,
        String description,
        List<String> tags,
        String visibility,
        long length,
        long offset,
        String status,
        int progress,
        String error,
        String videoId,
        JsonObject storageState,
        String writer,
        Instant expiresAt,
        Instant createdAt,
        Instant updatedAt) {}
