package org.millrace.uploads.media;

import java.time.Duration;
import org.millrace.transcoder.TranscoderSettings;
import org.millrace.transcoder.vod.VodImageSettings;

/**
 * How an uploaded file is transcoded: the live ladder (its rungs, x264 preset, AAC bitrate, source passthrough), the
 * VOD segment duration, the largest picture and the longest media taken, and how the poster and thumbnails are made.
 */
public record UploadTranscodeSettings(
        TranscoderSettings ladder,
        Duration segmentDuration,
        long maxPixels,
        Duration maxDuration,
        VodImageSettings images) {
    /**
     * 4096x2304 (DCI 4K at 16:9) is the largest source taken, as live: every decoded picture is scaled once per rung,
     * and an 8K picture (33 Mpixel) costs four times the memory and time of a 4K one.
     */
    public static final long MAX_PIXELS = 4096L * 2304;

    public UploadTranscodeSettings {
        if (segmentDuration.toMillis() < 1000 || maxPixels < 1 || maxDuration.isNegative() || maxDuration.isZero()) {
            throw new IllegalArgumentException("invalid upload transcode settings");
        }
    }

    /** The live ladder and preset, 4 s segments (VOD: fewer requests, no latency to keep low), 6 h at most. */
    public static UploadTranscodeSettings defaults() {
        return new UploadTranscodeSettings(
                TranscoderSettings.defaults(),
                Duration.ofSeconds(4),
                MAX_PIXELS,
                Duration.ofHours(6),
                VodImageSettings.defaults());
    }

    public UploadTranscodeSettings withMaxDuration(Duration max) {
        return new UploadTranscodeSettings(ladder, segmentDuration, maxPixels, max, images);
    }

    public UploadTranscodeSettings withLadder(TranscoderSettings settings) {
        return new UploadTranscodeSettings(settings, segmentDuration, maxPixels, maxDuration, images);
    }
}
