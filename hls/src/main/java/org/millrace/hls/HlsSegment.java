package org.millrace.hls;

import java.time.Instant;
import java.util.List;

/**
 * One segment as a media playlist lists it: its media sequence number, duration, URI, wall-clock start
 * (EXT-X-PROGRAM-DATE-TIME), the init segment it needs (EXT-X-MAP, null for none), whether a discontinuity precedes
 * it (a resumed publisher), whether it is a gap (a segment dropped on the way to storage, EXT-X-GAP), and the LL-HLS
 * parts it was written as (empty when they are not known or no longer listed).
 */
public record HlsSegment(
        long sequence,
        double durationSeconds,
        String uri,
        Instant programDateTime,
        String mapUri,
        boolean discontinuity,
        boolean gap,
        List<HlsPart> parts) {
    public HlsSegment {
        parts = parts == null ? List.of() : List.copyOf(parts);
    }

    /** A segment without parts (classic HLS, or one whose parts are no longer listed). */
    public HlsSegment(
            long sequence,
            double durationSeconds,
            String uri,
            Instant programDateTime,
            String mapUri,
            boolean discontinuity,
            boolean gap) {
        this(sequence, durationSeconds, uri, programDateTime, mapUri, discontinuity, gap, List.of());
    }

    public HlsSegment withoutParts() {
        return parts.isEmpty() ? this : withParts(List.of());
    }

    public HlsSegment withParts(List<HlsPart> newParts) {
        return new HlsSegment(sequence, durationSeconds, uri, programDateTime, mapUri, discontinuity, gap, newParts);
    }
}
