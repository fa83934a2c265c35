package org.millrace.hls;

import java.util.List;

/**
 * Renders a recorded session as VOD playlists: a media playlist lists every stored segment once
 * (EXT-X-PLAYLIST-TYPE:VOD, EXT-X-MAP per init, EXT-X-DISCONTINUITY where the init changes or a segment is missing,
 * EXT-X-ENDLIST); {@link #master} lists renditions by bandwidth alone, for a session whose live master is lost
 * (otherwise the VOD master is the live one pointing elsewhere: {@link ParsedMasterPlaylist#pointingTo}).
 */
public final class VodPlaylistWriter {
    /** One stored segment; URIs relative to the media playlist. */
    public record Segment(long sequence, double durationSeconds, String uri, String mapUri) {}

    /** One rendition of a bandwidth-only master: its media playlist URI and peak bits per second. */
    public record Stream(String uri, long bandwidth) {}

    private VodPlaylistWriter() {}

    /** @param segments in sequence order, at least one */
    public static String media(List<Segment> segments) {
        if (segments.isEmpty()) {
            throw new IllegalArgumentException("a VOD playlist lists at least one segment");
        }
        long longest = 0;
        for (Segment s : segments) {
            longest = Math.max(longest, MediaPlaylistRenderer.millis(s.durationSeconds()));
        }
        StringBuilder b = new StringBuilder(256 + segments.size() * 32);
        b.append("#EXTM3U\n#EXT-X-VERSION:7\n");
        b.append("#EXT-X-TARGETDURATION:")
                .append(Math.max(1, Math.round(longest / 1000.0)))
                .append('\n');
        b.append("#EXT-X-PLAYLIST-TYPE:VOD\n");
        b.append("#EXT-X-MEDIA-SEQUENCE:").append(segments.get(0).sequence()).append('\n');
        b.append("#EXT-X-INDEPENDENT-SEGMENTS\n");
        String map = null;
        long previous = Long.MIN_VALUE;
        for (Segment s : segments) {
            if (!s.mapUri().equals(map)) {
                if (map != null) {
                    b.append("#EXT-X-DISCONTINUITY\n");
                }
                map = s.mapUri();
                b.append("#EXT-X-MAP:URI=\"").append(map).append("\"\n");
            } else if (s.sequence() != previous + 1) {
                // A segment is missing: the media timestamps jump, which a player must be told of.
                b.append("#EXT-X-DISCONTINUITY\n");
            }
            previous = s.sequence();
            b.append("#EXTINF:");
            MediaPlaylistRenderer.appendMillis(b, MediaPlaylistRenderer.millis(s.durationSeconds()));
            b.append(",\n").append(s.uri()).append('\n');
        }
        b.append("#EXT-X-ENDLIST\n");
        return b.toString();
    }

    /** A master listing each rendition by its bandwidth only (what is known when the live master never arrived). */
    public static String master(List<Stream> streams) {
        StringBuilder b = new StringBuilder("#EXTM3U\n#EXT-X-VERSION:7\n#EXT-X-INDEPENDENT-SEGMENTS\n");
        for (Stream s : streams) {
            b.append("#EXT-X-STREAM-INF:BANDWIDTH=")
                    .append(s.bandwidth())
                    .append('\n')
                    .append(s.uri())
                    .append('\n');
        }
        return b.toString();
    }
}
