package org.millrace.recorder.media;

import java.io.IOException;

/** Stored bytes that are not the fMP4 they should be (garbage, truncated): skipped, unlike a storage failure. */
final class MalformedMediaException extends IOException {
    MalformedMediaException(String message) {
        super(message);
    }
}
