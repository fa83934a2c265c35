package org.millrace.transcoder.live;

import java.nio.file.Path;
import java.time.Duration;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.millrace.transcoder.Rung;
import org.millrace.hls.H264Codecs;

/**
 * One encoded rung: scales the decoded frames to its size and encodes them with libx264 (High profile, a fixed GOP
 * of fps x segment duration with scene-cut keyframes off, so every rung cuts its segments at the same frames) into
 * fMP4 HLS segments in its work directory.
 */
final class VideoRendition implements AutoCloseable {
    private final Rung rung;
    private final int width;
    private final int height;
    private final double fps;
    private final int level;
    private final FFmpegFrameRecorder recorder;
    private final FinishedSegments finished;
    private final Path dir;
    private long frames;

    VideoRendition(Rung rung, int sourceWidth, int sourceHeight, double fps, Duration segment, String preset,
                   Path dir) throws FFmpegFrameRecorder.Exception {
        this.rung = rung;
        this.width = rung.widthFor(sourceWidth, sourceHeight);
        this.height = rung.height();
        this.fps = fps;
        this.dir = dir;
        this.level = H264Codecs.levelFor(width, height, fps);
        int gop = Math.max(1, (int) Math.round(fps * segment.toMillis() / 1000.0));
        recorder = new FFmpegFrameRecorder(dir.resolve(HlsRecorders.PLAYLIST).toString(), width, height, 0);
        HlsRecorders.configure(recorder, dir, segment);
        recorder.setVideoCodec(avcodec.AV_CODEC_ID_H264);
        recorder.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
        recorder.setFrameRate(fps);
        recorder.setGopSize(gop);
        recorder.setVideoBitrate(rung.videoBitrate());
        recorder.setVideoOption("preset", preset);
        recorder.setVideoOption("profile", "high");
        // Capped VBR around the rung's bitrate; keyint = min-keyint and no scene cut keep GOPs aligned across rungs.
        recorder.setVideoOption("x264-params", "keyint=" + gop + ":min-keyint=" + gop + ":scenecut=0:level="
                + H264Codecs.levelName(level) + ":vbv-maxrate=" + rung.videoBitrate() * 11 / 10000
                + ":vbv-bufsize=" + rung.videoBitrate() * 2 / 1000 + ":nal-hrd=none"
                // Two frame threads and no sync lookahead per rung: rungs already run side by side, and each extra
                // x264 thread holds frames (memory, and delay before a segment can be listed).
                + ":threads=2:sync-lookahead=0");
        recorder.startUnsafe();
        finished = new FinishedSegments(dir, HlsRecorders.PLAYLIST);
    }

    /** Encodes one decoded frame at {@code timestampMicros} from the start of this epoch. */
    void record(Frame frame, int pixelFormat, long timestampMicros) throws FFmpegFrameRecorder.Exception {
        if (timestampMicros > recorder.getTimestamp()) {
            recorder.setTimestamp(timestampMicros);
        }
        recorder.record(frame, pixelFormat);
        frames++;
    }

    String name() {
        return rung.name();
    }

    int width() {
        return width;
    }

    int height() {
        return height;
    }

    double fps() {
        return fps;
    }

    long frames() {
        return frames;
    }

    long bitrate() {
        return rung.videoBitrate();
    }

    String codecs() {
        return H264Codecs.avc1(H264Codecs.PROFILE_HIGH, 0, level);
    }

    FinishedSegments finished() {
        return finished;
    }

    Path dir() {
        return dir;
    }

    /** Flushes the encoder: the muxer closes the last segment and lists it. */
    @Override
    public void close() throws FFmpegFrameRecorder.Exception {
        HlsRecorders.stop(recorder);
    }
}
