package org.millrace.transcoder.live;

import java.io.IOException;

/**
 * The publisher's media cannot be played as it is: thrown by the pipeline with a reason code the dashboard knows (see
 * {@link org.millrace.core.media.LiveMediaError}); {@code restartable} when a fresh pipeline on the same connection
 * can pick the stream up again (its size or codec changed, or pictures stopped coming mid-stream).
 */
final class MediaFault extends IOException {
    static final String NO_VIDEO = "no_video";
    static final String UNSUPPORTED_CODEC = "unsupported_codec";
    static final String TOO_LARGE = "too_large";
    static final String INPUT_CORRUPT = "input_corrupt";
    static final String NO_PICTURES = "no_pictures";
    static final String RESOLUTION_CHANGED = "resolution_changed";
    static final String CODEC_CHANGED = "codec_changed";
    static final String TIMESTAMPS_RESET = "timestamps_reset";
    static final String TRANSCODE_FAILED = "transcode_failed";

    private final String reason;
    private final boolean restartable;

    MediaFault(String reason, String detail, boolean restartable) {
        super(detail);
        this.reason = reason;
        this.restartable = restartable;
    }

    String reason() {
        return reason;
    }

    String detail() {
        return getMessage();
    }

    boolean restartable() {
        return restartable;
    }

    /** Any other failure: a fixed reason and the exception's class and first line, kept short. */
    static MediaFault of(Throwable failure) {
        if (failure instanceof MediaFault fault) {
            return fault;
        }
        String message = failure.getMessage() == null
                ? ""
                : failure.getMessage().lines().findFirst().orElse("");
        String detail = failure.getClass().getSimpleName() + (message.isEmpty() ? "" : ": " + message);
        return new MediaFault(TRANSCODE_FAILED, detail.length() > 160 ? detail.substring(0, 160) : detail, false);
    }
}
