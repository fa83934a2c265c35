package org.millrace.core.media;

import java.time.Instant;

/**
 * Why the pipeline stopped playing a publisher's media, for the creator's dashboard: a stable {@code reason} code
 * ({@code no_video}, {@code unsupported_codec}, {@code too_large}, {@code input_corrupt}, {@code no_pictures},
 * {@code resolution_changed}, {@code codec_changed}, {@code timestamps_reset}, {@code transcode_failed}), a short detail (a codec name, two
 * sizes; never a stack trace), when, and whether the pipeline restarted on the same connection.
 */
public record LiveMediaError(String reason, String detail, Instant at, boolean restarted) {
    public LiveMediaError withRestarted() {
        return new LiveMediaError(reason, detail, at, true);
    }
}
