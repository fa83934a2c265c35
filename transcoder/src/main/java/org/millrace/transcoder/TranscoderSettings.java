package org.millrace.transcoder;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.millrace.core.config.UploadSpoolLimits;
import org.millrace.hls.LowLatency;

/**
 * How live sessions are transcoded: the ladder, HLS segment duration and DVR window, the LL-HLS part target, the
 * libx264 preset, the shared AAC bitrate, the upload spool (what waits on local disk while storage is down) and the
 * first retry delay, the thumbnail period and where temp files go.
 */
public record TranscoderSettings(List<Rung> ladder, boolean sourcePassthrough, Duration segmentDuration,
                                 Duration dvrWindow, Duration partTarget, String x264Preset, int audioBitrate,
                                 UploadSpoolLimits spool,
                                 Duration uploadBackoff, Duration thumbnailInterval,
                                 int inputBufferChunks, Path workDir) {
    /** 1080p 5 Mbps, 720p 3 Mbps, 480p 1.4 Mbps, 360p 0.8 Mbps. */
    public static final List<Rung> DEFAULT_LADDER = List.of(
            new Rung("1080p", 1080, 5_000_000),
            new Rung("720p", 720, 3_000_000),
            new Rung("480p", 480, 1_400_000),
            new Rung("360p", 360, 800_000));

    public TranscoderSettings {
        ladder = List.copyOf(ladder);
        if (segmentDuration.toMillis() < 500) {
            throw new IllegalArgumentException("segmentDuration too short: " + segmentDuration);
        }
        if (partTarget.toMillis() < 100 || partTarget.compareTo(segmentDuration) > 0) {
            throw new IllegalArgumentException("partTarget " + partTarget + " outside 100 ms .. " + segmentDuration);
        }
        if (inputBufferChunks < 1) {
            throw new IllegalArgumentException("the input buffer must be positive");
        }
    }

    /** Parts of the last this many complete segments stay listed (and stored) after the open one. */
    public static final int PART_SEGMENTS = 3;

    /**
     * The defaults: 2 s segments, 2 h DVR, parts of at most 333 ms, veryfast (see docs/benchmarks.md), 128 kb/s AAC,
     * temp files in java.io.tmpdir.
     */
    public static TranscoderSettings defaults() {
        return new TranscoderSettings(DEFAULT_LADDER, true, Duration.ofSeconds(2), Duration.ofHours(2),
                Duration.ofMillis(333), "veryfast", 128_000, UploadSpoolLimits.defaults(), Duration.ofMillis(500),
                Duration.ofSeconds(10), 4096,
                Path.of(System.getProperty("java.io.tmpdir"), "millrace-transcoder"));
    }

    public TranscoderSettings withWorkDir(Path dir) {
        return new TranscoderSettings(ladder, sourcePassthrough, segmentDuration, dvrWindow, partTarget, x264Preset,
                audioBitrate, spool, uploadBackoff, thumbnailInterval, inputBufferChunks, dir);
    }

    public TranscoderSettings withLadder(List<Rung> rungs) {
        return new TranscoderSettings(rungs, sourcePassthrough, segmentDuration, dvrWindow, partTarget, x264Preset,
                audioBitrate, spool, uploadBackoff, thumbnailInterval, inputBufferChunks, workDir);
    }

    public TranscoderSettings withPreset(String preset) {
        return new TranscoderSettings(ladder, sourcePassthrough, segmentDuration, dvrWindow, partTarget, preset,
                audioBitrate, spool, uploadBackoff, thumbnailInterval, inputBufferChunks, workDir);
    }

    public TranscoderSettings withSpool(UploadSpoolLimits limits) {
        return new TranscoderSettings(ladder, sourcePassthrough, segmentDuration, dvrWindow, partTarget, x264Preset,
                audioBitrate, limits, uploadBackoff, thumbnailInterval, inputBufferChunks, workDir);
    }

    public TranscoderSettings withPartTarget(Duration target) {
        return new TranscoderSettings(ladder, sourcePassthrough, segmentDuration, dvrWindow, target, x264Preset,
                audioBitrate, spool, uploadBackoff, thumbnailInterval, inputBufferChunks, workDir);
    }

    /** How the live playlists do LL-HLS: this part target, {@link #PART_SEGMENTS}, skips up to 6 target durations. */
    public LowLatency lowLatency() {
        return new LowLatency(partTarget, PART_SEGMENTS, segmentDuration.multipliedBy(6));
    }

    /** Rungs strictly below the source height (a 720p source gets no 720p re-encode), in ladder order. */
    public List<Rung> rungsBelow(int sourceHeight) {
        return ladder.stream().filter(r -> r.height() < sourceHeight).toList();
    }
}
