package org.millrace.recorder.media;

import java.util.List;

/**
 * What {@link RecordingBuilder} made of a session, as storage keys (laid out by
 * {@link org.millrace.core.storage.StorageLayout}): the fast-start MP4, the poster, preview
 * thumbnails, and the session's HLS re-listed as VOD ({@code hlsPrefix + hlsMaster} is the VOD master playlist; its
 * media playlists and segments lie under {@code hlsPrefix}).
 */
public record RecordingMedia(
        double durationSeconds,
        int width,
        int height,
        String mp4Key,
        long mp4Bytes,
        String posterKey,
        String thumbnailsPrefix,
        List<Thumbnail> thumbnails,
        String hlsPrefix,
        String hlsMaster) {

    public RecordingMedia {
        thumbnails = List.copyOf(thumbnails);
    }

    /** A preview image at {@code timeSeconds} into the video. */
    public record Thumbnail(double timeSeconds, String key) {}

    /** The VOD master playlist's name inside the session prefix, beside the live {@code master.m3u8}. */
    public static final String VOD_MASTER = "vod.m3u8";
    /** Each rendition's VOD media playlist name, beside its live {@code index.m3u8}. */
    public static final String VOD_MEDIA = "vod.m3u8";
}
