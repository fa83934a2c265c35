package org.millrace.gateway;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.millrace.core.bus.VideoPlayback;

/**
 * One file a {@code /vod/<videoId>/<path>} URL may name, from an allow-list of paths: {@code master.m3u8},
 * {@code video.mp4}, {@code poster.jpg}, {@code thumbs/<n>.jpg}, {@code <rendition>/vod.m3u8},
 * {@code <rendition>/init-<n>.mp4} and {@code <rendition>/<n>.m4s}; and where in storage it lies for a video.
 *
 * @param kind what sort of file it is (decides its type and caching)
 * @param path the path under {@code /vod/<videoId>/}, already checked against the allow-list
 */
record VodFile(Kind kind, String path) {
    private static final String RENDITION = "[A-Za-z0-9][A-Za-z0-9_-]{0,63}";
    private static final Pattern THUMBNAIL = Pattern.compile("thumbs/([0-9]{1,6}\\.jpg)");
    private static final Pattern MEDIA_PLAYLIST = Pattern.compile(RENDITION + "/vod\\.m3u8");
    private static final Pattern INIT = Pattern.compile(RENDITION + "/init-[0-9]{1,9}\\.mp4");
    private static final Pattern SEGMENT = Pattern.compile(RENDITION + "/[0-9]{1,12}\\.m4s");

    /** The kinds of file, with their content type and how long a shared cache may keep a public one. */
    enum Kind {
        MASTER_PLAYLIST("application/vnd.apple.mpegurl", VodFile.PLAYLIST_CACHE),
        MEDIA_PLAYLIST("application/vnd.apple.mpegurl", VodFile.PLAYLIST_CACHE),
        INIT("video/mp4", VodFile.MEDIA_CACHE),
        SEGMENT("video/mp4", VodFile.MEDIA_CACHE),
        MP4("video/mp4", VodFile.MEDIA_CACHE),
        POSTER("image/jpeg", VodFile.IMAGE_CACHE),
        THUMBNAIL("image/jpeg", VodFile.IMAGE_CACHE);

        private final String contentType;
        private final String publicCache;

        Kind(String contentType, String publicCache) {
            this.contentType = contentType;
            this.publicCache = publicCache;
        }

        boolean isPlaylist() {
            return this == MASTER_PLAYLIST || this == MEDIA_PLAYLIST;
        }
    }

    /** A recorded video's playlists do not change, but its visibility may: caches check back within a minute. */
    static final String PLAYLIST_CACHE = "public, max-age=60";
    /**
     * Segments, init segments and the MP4 never change under their name, but a video made private must stop being
     * served by shared caches soon: a short max-age (revalidated with the ETag) rather than immutable.
     */
    static final String MEDIA_CACHE = "public, max-age=60";

    static final String IMAGE_CACHE = "public, max-age=60";
    /** The longest a private response may be kept by the viewer's own cache, token lifetime permitting. */
    static final long PRIVATE_MAX_AGE_SECONDS = 3600;

    /** The file a safe path (see {@link LiveMediaFiles#isSafePath}) names, or empty when it is none of ours. */
    static Optional<VodFile> of(String path) {
        Kind kind =
                switch (path) {
                    case "master.m3u8" -> Kind.MASTER_PLAYLIST;
                    case "video.mp4" -> Kind.MP4;
                    case "poster.jpg" -> Kind.POSTER;
                    default -> {
                        if (THUMBNAIL.matcher(path).matches()) {
                            yield Kind.THUMBNAIL;
                        } else if (MEDIA_PLAYLIST.matcher(path).matches()) {
                            yield Kind.MEDIA_PLAYLIST;
                        } else if (INIT.matcher(path).matches()) {
                            yield Kind.INIT;
                        } else if (SEGMENT.matcher(path).matches()) {
                            yield Kind.SEGMENT;
                        }
                        yield null;
                    }
                };
        return Optional.ofNullable(kind).map(k -> new VodFile(k, path));
    }

    /** The storage key of this file for {@code video}, or empty when the video has no such file. */
    Optional<String> key(VideoPlayback video) {
        return switch (kind) {
            case MASTER_PLAYLIST -> join(video.hlsPrefix(), video.hlsMaster());
            case MEDIA_PLAYLIST, INIT, SEGMENT -> join(video.hlsPrefix(), path);
            case MP4 -> Optional.ofNullable(video.mp4Key());
            case POSTER -> Optional.ofNullable(video.posterKey());
            case THUMBNAIL -> {
                Matcher m = THUMBNAIL.matcher(path);
                yield m.matches() ? join(video.thumbnailsPrefix(), m.group(1)) : Optional.empty();
            }
        };
    }

    /**
     * How this file is typed and cached: public and unlisted videos as {@link Kind} says; a private one only in
     * the viewer's own cache and never past its token's expiry.
     */
    MediaFile media(boolean tokenRequired, long tokenSecondsLeft) {
        String cache = tokenRequired
                ? "private, max-age=" + Math.max(0, Math.min(PRIVATE_MAX_AGE_SECONDS, tokenSecondsLeft))
                : kind.publicCache;
        return new MediaFile(kind.contentType, cache);
    }

    private static Optional<String> join(String prefix, String name) {
        if (prefix == null || prefix.isEmpty() || name == null || name.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(prefix.endsWith("/") ? prefix + name : prefix + "/" + name);
    }
}
