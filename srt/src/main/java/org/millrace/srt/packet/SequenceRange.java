package org.millrace.srt.packet;

/** An inclusive range of sequence numbers (first == last for a single one); may wrap around 2^31. */
public record SequenceRange(int first, int last) {
    public static SequenceRange of(int seq) {
        return new SequenceRange(seq, seq);
    }

    public boolean isSingle() {
        return first == last;
    }

    /** How many sequence numbers the range covers. */
    public int count() {
        return SequenceNumbers.distance(first, last) + 1;
    }
}
