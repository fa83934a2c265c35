package org.millrace.hls;

/**
 * How far a live playlist has got, as a blocking reload compares it with a request.
 *
 * <p>{@code lastPart >= 0}: segment {@code lastMsn} is being written and part {@code lastPart} is its newest part
 * (every earlier segment is complete). {@code lastPart == -1}: segment {@code lastMsn} is complete and no part of a
 * later segment exists yet, which is what a playlist is between completing a segment and the first part of the next
 * one (and what a classic playlist, without parts, always is). {@code (-1, -1)}: nothing is listed yet.
 * {@code completeParts}: how many parts the last complete segment was written as (0 when not known): a request for a
 * part past its last is one for part 0 of the next segment (RFC 8216bis 6.2.5.2).
 */
public record LiveEdge(long lastMsn, int lastPart, int completeParts) {
    public static final LiveEdge NOTHING = new LiveEdge(-1, -1);

    /** An edge whose last complete segment's parts are not known. */
    public LiveEdge(long lastMsn, int lastPart) {
        this(lastMsn, lastPart, 0);
    }

    /** The newest complete segment's sequence (-1 for none). */
    public long lastComplete() {
        return lastPart >= 0 ? lastMsn - 1 : lastMsn;
    }
}
