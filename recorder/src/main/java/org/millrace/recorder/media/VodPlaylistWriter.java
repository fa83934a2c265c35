package org.millrace.recorder.media;

import java.util.Locale;

/**
 * Renders a session's renditions as VOD playlists: each media playlist lists every stored segment once
 * (EXT-X-PLAYLIST-TYPE:VOD, EXT-X-MAP per init, EXT-X-DISCONTINUITY where the init changes or a segment is
 * missing, EXT-X-ENDLIST), and the
 * master is the live one pointing to them. URIs are relative to the rendition directory.
 */
final class VodPlaylistWriter {
    private VodPlaylistWriter() {
    }

    static String media(SessionInventory.Rendition rendition) {
        double longest = 0;
        for (SessionInventory.Segment s : rendition.segments()) {
            longest = Math.max(longest, s.durationSeconds());
        }
        StringBuilder b = new StringBuilder(256 + rendition.segments().size() * 40);
        b.append("#EXTM3U\n#EXT-X-VERSION:7\n");
        b.append("#EXT-X-TARGETDURATION:").append(Math.max(1, Math.round(longest))).append('\n');
        b.append("#EXT-X-PLAYLIST-TYPE:VOD\n");
        b.append("#EXT-X-MEDIA-SEQUENCE:").append(rendition.segments().get(0).sequence()).append('\n');
        b.append("#EXT-X-INDEPENDENT-SEGMENTS\n");
        SessionInventory.Init current = null;
        long previous = Long.MIN_VALUE;
        for (SessionInventory.Segment s : rendition.segments()) {
            if (s.init() != current) {
                if (current != null) {
                    b.append("#EXT-X-DISCONTINUITY\n");
                }
                current = s.init();
                b.append("#EXT-X-MAP:URI=\"").append(fileName(current.key())).append("\"\n");
            } else if (s.sequence() != previous + 1) {
                // A segment is missing: the media timestamps jump, which a player must be told of.
                b.append("#EXT-X-DISCONTINUITY\n");
            }
            previous = s.sequence();
            b.append(String.format(Locale.ROOT, "#EXTINF:%.3f,%n", s.durationSeconds()));
            b.append(fileName(s.key())).append('\n');
        }
        b.append("#EXT-X-ENDLIST\n");
        return b.toString();
    }

    private static String fileName(String key) {
        return key.substring(key.lastIndexOf('/') + 1);
    }
}
