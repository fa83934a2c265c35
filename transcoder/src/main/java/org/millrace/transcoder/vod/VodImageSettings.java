package org.millrace.transcoder.vod;

/**
 * How a video's images are made (a recording's or an upload's): the number of preview thumbnails (fewer for short videos, one per
 * {@code secondsPerThumbnail}), their width, and where the poster is taken (a fraction of the duration, capped).
 */
public record VodImageSettings(
        int maxThumbnails,
        double secondsPerThumbnail,
        int thumbnailWidth,
        double posterFraction,
        double posterMaxSeconds) {

    public VodImageSettings {
        if (maxThumbnails < 1
                || thumbnailWidth < 16
                || secondsPerThumbnail <= 0
                || posterFraction < 0
                || posterMaxSeconds < 0) {
            throw new IllegalArgumentException("invalid recorder media settings");
        }
    }

    public static VodImageSettings defaults() {
        return new VodImageSettings(10, 3.0, 320, 0.10, 10.0);
    }

    /** How many thumbnails a video of {@code durationSeconds} gets: at least one, at most {@link #maxThumbnails}. */
    public int thumbnailCount(double durationSeconds) {
        return (int) Math.max(1, Math.min(maxThumbnails, Math.floor(durationSeconds / secondsPerThumbnail)));
    }

    public double posterSeconds(double durationSeconds) {
        return Math.min(posterMaxSeconds, durationSeconds * posterFraction);
    }
}
