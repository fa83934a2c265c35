package org.millrace.core.storage;

import java.util.Locale;
import java.util.Map;

/** Maps object keys to content types by file extension. */
public final class MediaTypes {

    public static final String DEFAULT = "application/octet-stream";

    private static final Map<String, String> BY_EXTENSION = Map.ofEntries(
            Map.entry("m3u8", "application/vnd.apple.mpegurl"),
            Map.entry("ts", "video/mp2t"),
            Map.entry("m4s", "video/iso.segment"),
            Map.entry("mp4", "video/mp4"),
            Map.entry("m4a", "audio/mp4"),
            Map.entry("aac", "audio/aac"),
            Map.entry("mpd", "application/dash+xml"),
            Map.entry("jpg", "image/jpeg"),
            Map.entry("jpeg", "image/jpeg"),
            Map.entry("png", "image/png"),
            Map.entry("json", "application/json"),
            Map.entry("html", "text/html"),
            Map.entry("js", "text/javascript"),
            Map.entry("css", "text/css"),
            Map.entry("vtt", "text/vtt"),
            Map.entry("txt", "text/plain"));

    private MediaTypes() {}

    /** Content type for the key's extension (case-insensitive), or {@value #DEFAULT}. */
    public static String forKey(String key) {
        if (key == null) {
            return DEFAULT;
        }
        int slash = key.lastIndexOf('/');
        int dot = key.lastIndexOf('.');
        if (dot <= slash + 1 || dot == key.length() - 1) {
            // No extension, or a dot-file like ".hidden" whose name is not an extension.
            return DEFAULT;
        }
        return BY_EXTENSION.getOrDefault(key.substring(dot + 1).toLowerCase(Locale.ROOT), DEFAULT);
    }

    /** The given content type, or the one derived from the key when the caller passed none. */
    public static String orForKey(String contentType, String key) {
        return contentType == null || contentType.isBlank() ? forKey(key) : contentType;
    }
}
