package org.millrace.core.media;

/**
 * What a live sink measures of the media it is fed: the decoded frame rate over the last seconds and the encoder's
 * speed (media seconds encoded per second spent encoding; above 1 it keeps up). Nulls until measured. {@code mediaError}
 * is the last reason the media stopped playing on this connection, null while nothing went wrong.
 */
public record LiveSinkStats(Double fps, Double speed, LiveMediaError mediaError) {
    public static final LiveSinkStats UNKNOWN = new LiveSinkStats(null, null, null);

    public LiveSinkStats(Double fps, Double speed) {
        this(fps, speed, null);
    }
}
