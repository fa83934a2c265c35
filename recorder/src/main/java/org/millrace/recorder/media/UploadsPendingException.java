package org.millrace.recorder.media;

/** The session's segments are not all in storage yet (its live playlists are not ended): build it later. */
public final class UploadsPendingException extends RuntimeException {
    public UploadsPendingException(String message) {
        super(message, null, false, false);
    }
}
