package org.millrace.uploads.media;

import java.nio.file.Path;
import java.util.List;

/**
 * What {@link UploadTranscoder} made of an upload, in a local folder: {@code hls} holds {@code master.m3u8} and one
 * folder per rendition; {@code mp4} is the fast-start MP4; the poster and thumbnails are JPEGs.
 *
 * @param renditions the renditions' names, the copied source first when there is one, then rungs, then audio
 */
public record UploadMedia(
        Path hls,
        List<String> renditions,
        Path mp4,
        Path poster,
        List<Thumbnail> thumbnails,
        double durationSeconds,
        int width,
        int height) {
    public UploadMedia {
        renditions = List.copyOf(renditions);
        thumbnails = List.copyOf(thumbnails);
    }

    /** A preview image at {@code timeSeconds}. */
    public record Thumbnail(double timeSeconds, Path file) {}

    public static final String MASTER = "master.m3u8";
}
