package org.millrace.hls;

/**
 * One EXT-X-RENDITION-REPORT line: where a sibling rendition's playlist stands (its newest part: the segment
 * {@code lastMsn} and part index {@code lastPart}, -1 when that segment's parts are not known, then LAST-PART is left
 * out). {@link MediaPlaylist#renditionReport(String)} makes one from a playlist.
 */
public record RenditionReport(String uri, long lastMsn, int lastPart) {
    public RenditionReport {
        if (uri == null
                || uri.isEmpty()
                || uri.indexOf('"') >= 0
                || uri.indexOf('\n') >= 0
                || lastMsn < 0
                || lastPart < -1) {
            throw new IllegalArgumentException("rendition report " + uri + " " + lastMsn + " " + lastPart);
        }
    }
}
