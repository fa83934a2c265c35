package org.millrace.hls;

import java.time.Instant;
import java.util.List;

/**
 * The segment being written, known so far only by its parts: what a playlist lists after its last complete segment
 * (its EXT-X-DISCONTINUITY / EXT-X-MAP / date come before its first part).
 */
public record OpenSegment(
        long sequence, Instant programDateTime, String mapUri, boolean discontinuity, List<HlsPart> parts) {
    public OpenSegment {
        parts = parts == null ? List.of() : List.copyOf(parts);
    }
}
