package org.millrace.hls;

/**
 * One LL-HLS partial segment (EXT-X-PART): the {@code index}-th run of frames of its segment (from 0), at most the
 * part target long, cut on frame boundaries; {@code independent} when it starts with a keyframe; {@code gap} when it
 * never reached storage.
 */
public record HlsPart(int index, double durationSeconds, String uri, boolean independent, boolean gap) {
    public HlsPart {
        if (index < 0 || durationSeconds < 0 || uri == null || uri.isEmpty()) {
            throw new IllegalArgumentException("part " + index + " " + durationSeconds + " " + uri);
        }
    }
}
