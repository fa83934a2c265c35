package org.millrace.recorder;

import java.util.Set;

/** Where a recording is in its life: pending, then processing, then ready or failed (a failed one may be retried). */
public enum RecordingStatus {
    PENDING, PROCESSING, READY, FAILED;

    /** Whether the recorder may move a recording from this status to {@code next}. */
    public boolean canMoveTo(RecordingStatus next) {
        return switch (this) {
            case PENDING -> next == PROCESSING;
            case PROCESSING -> Set.of(READY, FAILED, PENDING).contains(next); // PENDING: process died, retry
            case FAILED -> next == PENDING;
            case READY -> false;
        };
    }

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
