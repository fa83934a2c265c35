package org.millrace.recorder.media;

/** This recorder no longer holds the claim on the recording it was working on: it stops and leaves it be. */
public final class ClaimLostException extends RuntimeException {
    public ClaimLostException(String message) {
        super(message, null, false, false);
    }
}
