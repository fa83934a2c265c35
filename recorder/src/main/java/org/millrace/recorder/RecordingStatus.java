package org.millrace.recorder;

import java.util.Locale;
import java.util.Set;

/**
 * Where a recording is in its life: recording (the session is still on air), pending (ended, waiting for the
 * worker), processing, then ready or failed (a failed one may be retried by hand).
 */
public enum RecordingStatus {
    RECORDING,
    PENDING,
    PROCESSING,
    READY,
    FAILED;

    /** Whether the recorder may move a recording from this status to {@code next}. */
    public boolean canMoveTo(RecordingStatus next) {
        return switch (this) {
            case RECORDING -> next == PENDING;
            case PENDING -> next == PROCESSING;
            // PENDING: a retry after a failure, or the process died mid-work.
            case PROCESSING -> Set.of(READY, FAILED, PENDING).contains(next);
            case FAILED -> next == PENDING;
            case READY -> false;
        };
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static RecordingStatus fromWire(String wire) {
        return valueOf(wire.toUpperCase(Locale.ROOT));
    }
}
