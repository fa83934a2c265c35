package org.millrace.transcoder;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.millrace.core.config.LiveHlsSettings;
import org.millrace.core.config.UploadSpoolLimits;
import org.millrace.hls.LowLatency;

/**
 * How live sessions are transcoded: the ladder, the shape of the live playlists (core's {@link LiveHlsSettings},
 * which the gateway follows too), the libx264 preset, the shared AAC bitrate, the upload spool (what waits on local
 * disk while storage is down) and the first retry delay, the thumbnail period and where temp files go.
 */
public record TranscoderSettings(
        List<Rung> ladder,
        boolean sourcePassthrough,
        LiveHlsSettings liveHls,
        String x264Preset,
        int audioBitrate,
        UploadSpoolLimits spool,
        Duration uploadBackoff,
        Duration thumbnailInterval,
        int inputBufferChunks,
        Path workDir) {
    /** 1080p 5 Mbps, 720p 3 Mbps, 480p 1.4 Mbps, 360p 0.8 Mbps. */
    public static final List<Rung> DEFAULT_LADDER = List.of(
            new Rung("1080p", 1080, 5_000_000),
            new Rung("720p", 720, 3_000_000),
            new Rung("480p", 480, 1_400_000),
            new Rung("360p", 360, 800_000));

    public TranscoderSettings {
        ladder = List.copyOf(ladder);
        if (inputBufferChunks < 1) {
            throw new IllegalArgumentException("the input buffer must be positive");
        }
    }

    /**
     * The defaults: {@link LiveHlsSettings#defaults()} (1 s segments, 2 h DVR, 200 ms parts), veryfast (see
     * docs/benchmarks.md), 128 kb/s AAC, temp files in java.io.tmpdir.
     */
    public static TranscoderSettings defaults() {
        return new TranscoderSettings(
                DEFAULT_LADDER,
                true,
                LiveHlsSettings.defaults(),
                "veryfast",
                128_000,
                UploadSpoolLimits.defaults(),
                Duration.ofMillis(500),
                Duration.ofSeconds(10),
                4096,
                Path.of(System.getProperty("java.io.tmpdir"), "millrace-transcoder"));
    }

    public TranscoderSettings withWorkDir(Path dir) {
        return new TranscoderSettings(
                ladder,
                sourcePassthrough,
                liveHls,
                x264Preset,
                audioBitrate,
                spool,
                uploadBackoff,
                thumbnailInterval,
                inputBufferChunks,
                dir);
    }

    public TranscoderSettings withLadder(List<Rung> rungs) {
        return new TranscoderSettings(
                rungs,
                sourcePassthrough,
                liveHls,
                x264Preset,
                audioBitrate,
                spool,
                uploadBackoff,
                thumbnailInterval,
                inputBufferChunks,
                workDir);
    }

    public TranscoderSettings withPreset(String preset) {
        return new TranscoderSettings(
                ladder,
                sourcePassthrough,
                liveHls,
                preset,
                audioBitrate,
                spool,
                uploadBackoff,
                thumbnailInterval,
                inputBufferChunks,
                workDir);
    }

    public TranscoderSettings withSpool(UploadSpoolLimits limits) {
        return new TranscoderSettings(
                ladder,
                sourcePassthrough,
                liveHls,
                x264Preset,
                audioBitrate,
                limits,
                uploadBackoff,
                thumbnailInterval,
                inputBufferChunks,
                workDir);
    }

    public TranscoderSettings withLiveHls(LiveHlsSettings hls) {
        return new TranscoderSettings(
                ladder,
                sourcePassthrough,
                hls,
                x264Preset,
                audioBitrate,
                spool,
                uploadBackoff,
                thumbnailInterval,
                inputBufferChunks,
                workDir);
    }

    public Duration segmentDuration() {
        return liveHls.segmentTarget();
    }

    public Duration dvrWindow() {
        return liveHls.dvrWindow();
    }

    public Duration partTarget() {
        return liveHls.partTarget();
    }

    public LowLatency lowLatency() {
        return liveHls.lowLatency();
    }

    /**
     * Rungs strictly below the source's short side (a 720p source gets no 720p re-encode), in ladder order. Given
     * none and a source that is not copied, one rendition at the source's own (even) size, at the lowest rung's
     * bitrate: every stream and upload has a video rendition.
     */
    public List<Rung> rungsBelow(int sourceWidth, int sourceHeight, boolean sourceCopied) {
        int shortSide = Math.min(sourceWidth, sourceHeight);
        List<Rung> below = ladder.stream().filter(r -> r.height() < shortSide).toList();
        if (!below.isEmpty() || sourceCopied) {
            return below;
        }
        int own = Math.max(2, shortSide & ~1);
        return List.of(new Rung(own + "p", own, ladder.get(ladder.size() - 1).videoBitrate()));
    }
}
