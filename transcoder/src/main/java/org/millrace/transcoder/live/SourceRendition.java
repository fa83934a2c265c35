package org.millrace.transcoder.live;

import java.nio.file.Path;
import java.time.Duration;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.millrace.hls.H264Codecs;

/**
 * The publisher's H.264 copied packet by packet into fMP4 HLS segments, without re-encoding: its segments cut at the
 * publisher's keyframes, so they line up with the encoded rungs only when the publisher's GOP is a multiple of the
 * segment duration (OBS's "keyframe interval 2 s").
 */
final class SourceRendition implements AutoCloseable {
    static final String NAME = "source";
    private static final int CONSTRAINED = 1 << 9;
    private static final int INTRA = 1 << 11;

    private final FFmpegFrameRecorder recorder;
    private final FinishedSegments finished;
    private final Path dir;
    private String codecs;
    private boolean spsSeen;
    private boolean started;
    private long lastDts = Long.MIN_VALUE;

    SourceRendition(AVFormatContext input, AVCodecParameters video, Duration segment, Path dir)
            throws FFmpegFrameRecorder.Exception {
        this.dir = dir;
        this.codecs = codecsOf(video);
        // No audio channels: the recorder then copies only the input's video stream (audio is the shared rendition).
        recorder = new FFmpegFrameRecorder(dir.resolve(HlsRecorders.PLAYLIST).toString(), video.width(),
                video.height(), 0);
        HlsRecorders.configure(recorder, dir, segment);
        // javacv has no lock-free start for a copying recorder; its global lock is held only while the header is set up.
        recorder.start(input);
        finished = new FinishedSegments(dir, HlsRecorders.PLAYLIST);
    }

    /**
     * Copies one video packet (timestamps already relative to the epoch's origin); consumes it. Answers false for a
     * packet left out: before the first keyframe, or with a timestamp that does not advance (a damaged PES header;
     * the muxer would fail on it and end the stream).
     */
    boolean write(AVPacket packet, boolean key) throws FFmpegFrameRecorder.Exception {
        // A transport stream joined mid-GOP starts at its first keyframe: segments must start with one.
        if (!started && !key || packet.dts() <= lastDts || packet.pts() != avutil.AV_NOPTS_VALUE
                && packet.pts() < packet.dts()) {
            return false;
        }
        lastDts = packet.dts();
        started = true;
        if (!spsSeen) {
            byte[] data = new byte[packet.size()];
            packet.data().get(data);
            String fromSps = H264Codecs.fromAnnexB(data);
            if (fromSps != null) {
                codecs = fromSps;
                spsSeen = true;
            }
        }
        recorder.recordPacket(packet);
        return true;
    }

    String codecs() {
        return codecs;
    }

    FinishedSegments finished() {
        return finished;
    }

    Path dir() {
        return dir;
    }

    /** A fallback until an SPS is seen: avc1.PPCCLL from the stream's profile (with its constraint flags) and level as the demuxer parsed them. */
    static String codecsOf(AVCodecParameters video) {
        int profile = video.profile();
        int constraints = 0;
        if ((profile & CONSTRAINED) != 0) {
            constraints |= 0x40; // constraint_set1: constrained baseline
        }
        if ((profile & INTRA) != 0) {
            constraints |= 0x10; // constraint_set3: intra profiles
        }
        int level = video.level() > 0 ? video.level() : 40;
        return H264Codecs.avc1(profile & 0xff, constraints, level);
    }

    @Override
    public void close() throws FFmpegFrameRecorder.Exception {
        HlsRecorders.stop(recorder);
    }
}
