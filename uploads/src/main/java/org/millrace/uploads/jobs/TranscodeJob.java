package org.millrace.uploads.jobs;

import java.time.Instant;
import java.util.List;

/** A claimed upload: what the worker needs to transcode it and to create its video with the uploader's details. */
public record TranscodeJob(
        String id,
        String ownerId,
        String ownerUsername,
        String filename,
        String title,
        String description,
        List<String> tags,
        String visibility,
        String sourceKey,
        long uploadLength,
        int attempts,
        Instant createdAt) {
    public TranscodeJob {
        tags = List.copyOf(tags);
    }
}
