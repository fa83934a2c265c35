package org.millrace.srt.receiver;

import org.millrace.srt.packet.SequenceNumbers;

/**
 * Maps 31-bit wrapping sequence numbers to a 64-bit counter relative to a reference, so buffers and loss lists can
 * use plain arithmetic. The initial sequence number maps to its own value.
 */
public final class SequenceUnwrapper {
    private long reference;

    public SequenceUnwrapper(int initialSequence) {
        this.reference = initialSequence;
    }

    /** The extended form of {@code seq}: the value nearest to the reference with these 31 low bits. */
    public long unwrap(int seq) {
        int refLow = (int) (reference & SequenceNumbers.MAX);
        return reference + SequenceNumbers.distance(refLow, seq);
    }

    /** Moves the reference forward (keep it near the newest packets). */
    public void advance(long extended) {
        if (extended > reference) {
            reference = extended;
        }
    }

    public static int wrap(long extended) {
        return (int) (extended & SequenceNumbers.MAX);
    }
}
