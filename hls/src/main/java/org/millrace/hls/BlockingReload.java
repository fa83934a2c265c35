package org.millrace.hls;

import java.time.Duration;

/**
 * An LL-HLS playlist request's delivery directives (RFC 8216bis 6.2.5): {@code _HLS_msn} / {@code _HLS_part} (-1 when
 * absent) ask to hold the request until that segment or part exists, {@code _HLS_skip} asks for a delta update.
 * {@link #decide} says whether the playlist can be answered now, must be waited for, or is asked too far ahead.
 */
public record BlockingReload(long msn, int part, boolean skip) {
    /** No directives: answer the playlist as it is. */
    public static final BlockingReload NONE = new BlockingReload(-1, -1, false);
    /** More digits than any sequence this server reaches (10^15 two-second segments). */
    private static final int MAX_MSN_DIGITS = 15;

    private static final int MAX_PART_DIGITS = 6;

    public enum Decision {
        /** Answer now. */
        READY,
        /** Hold the request until the playlist changes (then decide again), or until the hold times out. */
        WAIT,
        /** Asked too far ahead: answer 400 at once. */
        TOO_FAR
    }

    public BlockingReload {
        if (msn < -1 || part < -1 || (part >= 0 && msn < 0)) {
            throw new IllegalArgumentException("_HLS_msn " + msn + ", _HLS_part " + part);
        }
    }

    /**
     * Reads the query values (null when the parameter is absent).
     *
     * @throws IllegalArgumentException for anything but a plain decimal number (no sign, no spaces, not huge),
     *                                  {@code _HLS_part} without {@code _HLS_msn}, or a skip value other than
     *                                  {@code YES} or {@code v2}: the request is answered 400
     */
    public static BlockingReload parse(String msn, String part, String skip) {
        if (part != null && msn == null) {
            throw new IllegalArgumentException("_HLS_part without _HLS_msn");
        }
        if (skip != null && !skip.equals("YES") && !skip.equals("v2")) {
            throw new IllegalArgumentException("_HLS_skip must be YES or v2");
        }
        long m = msn == null ? -1 : number("_HLS_msn", msn, MAX_MSN_DIGITS);
        int p = part == null ? -1 : (int) number("_HLS_part", part, MAX_PART_DIGITS);
        return new BlockingReload(m, p, skip != null);
    }

    private static long number(String name, String value, int maxDigits) {
        if (value.isEmpty() || value.length() > maxDigits) {
            throw new IllegalArgumentException(name + " must be a number of at most " + maxDigits + " digits");
        }
        long n = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                throw new IllegalArgumentException(name + " must be a decimal number");
            }
            n = n * 10 + (c - '0');
        }
        return n;
    }

    /** Whether the request asks to be held (carries {@code _HLS_msn}). */
    public boolean blocks() {
        return msn >= 0;
    }

    /**
     * Against a playlist: an ended or classic playlist answers at once (it will not grow, or does not block);
     * otherwise as {@link #decide(LiveEdge, Duration)} with its edge and part target.
     */
    public Decision decide(MediaPlaylist playlist) {
        if (playlist.isEnded() || playlist.lowLatency() == null) {
            return Decision.READY;
        }
        return decide(playlist.edge(), playlist.lowLatency().partTarget());
    }

    /**
     * RFC 8216bis 6.2.5.2: TOO_FAR when the segment asked is more than two beyond the last complete one, or the part
     * asked is more than the Advance Part Limit beyond the newest part; READY for a complete segment or an existing
     * part; a part past the last of a complete segment is part 0 of the next (WAIT until it exists, when the
     * segment's part count is known); WAIT otherwise. Only the
     * index of a part of the open segment or a later one is compared with the limit (the parts of a segment not
     * started yet are not known, so the distance counted is at least the part index plus one).
     */
    public Decision decide(LiveEdge edge, Duration partTarget) {
        if (msn < 0) {
            return Decision.READY;
        }
        long complete = edge.lastComplete();
        if (msn > complete + 2) {
            return Decision.TOO_FAR;
        }
        if (msn < complete) {
            return Decision.READY; // even a part past its last: part 0 of the next, complete too
        }
        if (msn == complete) {
            // A part past the segment's last is part 0 of the next (6.2.5.2), which exists once a part of it does.
            boolean pastLast = part >= 0 && edge.completeParts() > 0 && part >= edge.completeParts();
            return pastLast && edge.lastPart() < 0 ? Decision.WAIT : Decision.READY;
        }
        if (part < 0) {
            return Decision.WAIT;
        }
        long ahead = edge.lastPart() >= 0 && msn == edge.lastMsn() ? part - edge.lastPart() : part + 1L;
        if (ahead <= 0) {
            return Decision.READY;
        }
        return ahead > advancePartLimit(partTarget) ? Decision.TOO_FAR : Decision.WAIT;
    }

    /** How many parts ahead of the newest a request may ask: 3 / part target under one second, else 3. */
    public static int advancePartLimit(Duration partTarget) {
        long ms = partTarget.toMillis();
        return ms < 1000 ? (int) (3000 / Math.max(1, ms)) : 3;
    }
}
