package org.millrace.gateway;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.millrace.core.storage.StorageLayout;

/**
 * Which files under a live session may be served and how: an allow-list of names and extensions, so a request can
 * only ever name a media file the transcoder writes, never a path that climbs out of {@code live/}.
 */
public final class LiveMediaFiles {
    /** Live playlists change every segment: a player must never be served a stale one for long. */
    static final String PLAYLIST_CACHE = "public, max-age=1";
    /**
     * Segment, part and init names are never reused within a session, but a session's files stop being served the
     * moment it ends (its recording may be private): a shared cache keeps them 60 s, as VOD files
     * ({@link VodFile#MEDIA_CACHE}), then revalidates and gets the 404. A live viewer asks within seconds of a file
     * appearing, so nearly every request is a hit; only DVR viewers further back revalidate (a 304, no body).
     */
    static final String SEGMENT_CACHE = "public, max-age=60";
    /** The thumbnail is rewritten every few seconds under the same name. */
    static final String THUMBNAIL_CACHE = "public, max-age=5";

    private static final int MAX_ID = 64;
    private static final int MAX_SEGMENT = 128;
    /** rendition/index.m3u8, rendition/seg.ts, thumb.jpg: nothing the transcoder writes is deeper than this. */
    private static final int MAX_DEPTH = 3;

    private static final Map<String, MediaFile> BY_EXTENSION = Map.of(
            "m3u8", new MediaFile("application/vnd.apple.mpegurl", PLAYLIST_CACHE),
            "ts", new MediaFile("video/mp2t", SEGMENT_CACHE, true),
            "m4s", new MediaFile("video/mp4", SEGMENT_CACHE, true),
            "mp4", new MediaFile("video/mp4", SEGMENT_CACHE, true),
            "m4a", new MediaFile("audio/mp4", SEGMENT_CACHE, true),
            "aac", new MediaFile("audio/aac", SEGMENT_CACHE, true),
            "vtt", new MediaFile("text/vtt; charset=utf-8", SEGMENT_CACHE, true),
            "jpg", new MediaFile("image/jpeg", THUMBNAIL_CACHE));

    private LiveMediaFiles() {}

    /** A stream or session id as the streams service makes them (URL-safe base64), generously bounded. */
    public static boolean isId(String value) {
        // [A-Za-z0-9_-]{1,64}, by hand: every live request checks two ids and a path, and a regex match was a tenth
        // of the event loop's time serving segments.
        if (value == null || value.isEmpty() || value.length() > MAX_ID) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            if (!isIdChar(value.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** A relative path made only of plain segments, at most {@value #MAX_DEPTH} deep. */
    public static boolean isSafePath(String path) {
        if (path == null || path.isEmpty()) {
            return false;
        }
        // Segments of [A-Za-z0-9_-][A-Za-z0-9._-]{0,127}: no leading dot (so no ".", "..", dot-files or the
        // storage's ".tmp-" files), none empty.
        int depth = 1;
        int segmentStart = 0;
        for (int i = 0; i <= path.length(); i++) {
            char c = i == path.length() ? '/' : path.charAt(i);
            if (c == '/') {
                int length = i - segmentStart;
                if (length == 0 || length > MAX_SEGMENT || (i < path.length() && ++depth > MAX_DEPTH)) {
                    return false;
                }
                segmentStart = i + 1;
            } else if (i == segmentStart ? !isIdChar(c) : !isIdChar(c) && c != '.') {
                return false;
            }
        }
        return true;
    }

    private static boolean isIdChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    }

    /** How a safe path is served, or empty when its extension is not a live media file. */
    public static Optional<MediaFile> forPath(String path) {
        int dot = path.lastIndexOf('.');
        if (dot < 0 || dot < path.lastIndexOf('/')) {
            return Optional.empty();
        }
        return Optional.ofNullable(BY_EXTENSION.get(path.substring(dot + 1).toLowerCase(Locale.ROOT)));
    }

    /** The storage key of a file in a session directory; the arguments must have passed the checks above. */
    public static String key(String streamId, String sessionId, String path) {
        return StorageLayout.liveFile(streamId, sessionId, path);
    }
}
