package org.millrace.recorder.media;

/** The session left no media in storage (the publisher never sent a decodable segment): nothing to record. */
public final class NothingCapturedException extends RuntimeException {
    public NothingCapturedException(String message) {
        super(message);
    }
}
