package org.millrace.hls;

import java.time.Instant;

/**
 * One segment as a media playlist lists it: its media sequence number, duration, URI, wall-clock start
 * (EXT-X-PROGRAM-DATE-TIME), the init segment it needs (EXT-X-MAP, null for none), whether a discontinuity precedes
 * it (a resumed publisher) and whether it is a gap (a segment dropped on the way to storage, EXT-X-GAP).
 */
public record HlsSegment(long sequence, double durationSeconds, String uri, Instant programDateTime, String mapUri,
                         boolean discontinuity, boolean gap) {
}
