package org.millrace.transcoder.encode;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_FLAG_GLOBAL_HEADER;
import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_KEY;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_encoder_by_name;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_packet;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_frame;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EAGAIN;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.ffmpeg.global.avutil.av_d2q;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_free;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_set;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_get_buffer;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_make_writable;
import static org.bytedeco.ffmpeg.global.avutil.av_make_q;

import java.io.IOException;
import java.time.Duration;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.global.swscale;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.javacpp.DoublePointer;
import org.millrace.hls.H264Codecs;
import org.millrace.transcoder.Rung;
import org.millrace.transcoder.fmp4.AnnexB;
import org.millrace.transcoder.fmp4.AvcConfig;
import org.millrace.transcoder.fmp4.SampleSink;
import org.millrace.transcoder.fmp4.TrackFormat;

/**
 * One rung of the ladder over FFmpeg's C API: scales each decoded picture straight to the rung's size (one reused
 * swscale context) and encodes it with libx264 (High profile, a fixed GOP of fps x segment duration with scene-cut
 * keyframes off, so every rung has its keyframes at the same frames; capped VBR), handing each packet on as a
 * {@link org.millrace.transcoder.fmp4.Sample} in a 90 kHz track whose avcC comes from the encoder's global header.
 */
public final class VideoRungEncoder implements AutoCloseable {
    public static final int TIMESCALE = 90_000;
    /**
     * What the live pipeline adds to the preset: no B-frames and no rate-control lookahead, so libx264 holds 2
     * frames instead of 12 before a packet comes out (veryfast; see docs/benchmarks.md for the delay, CPU and
     * quality of each choice measured).
     */
    public static final String LOW_DELAY = "bframes=0:rc-lookahead=0";

    private final Rung rung;
    private final int width;
    private final int height;
    private final double fps;
    private final int level;
    private final SampleSink sink;
    private final NextDuration pending;
    private AVCodecContext context;
    private AVFrame scaled;
    private AVPacket packet;
    private SwsContext sws;
    private long lastPts = Long.MIN_VALUE;
    private long framesIn;
    private long packetsOut;
    private int maxDelay;

    /**
     * Opens the encoder and tells {@code sink} the track's format. {@code x264Params} are libx264 options appended
     * after the GOP, level and VBV ones (":"-separated, may be empty).
     */
    public VideoRungEncoder(
            Rung rung,
            int sourceWidth,
            int sourceHeight,
            double fps,
            Duration segment,
            String preset,
            String x264Params,
            SampleSink sink)
            throws IOException {
        this.rung = rung;
        int[] size = rung.sizeFor(sourceWidth, sourceHeight);
        this.width = size[0];
        this.height = size[1];
        this.fps = fps;
        this.sink = sink;
        this.level = H264Codecs.levelFor(width, height, fps);
        this.pending = new NextDuration(sink, Math.round(TIMESCALE / fps));
        int gop = Math.max(1, (int) Math.round(fps * segment.toMillis() / 1000.0));
        try {
            open(gop, preset, x264Params);
            sink.start(TrackFormat.h264(TIMESCALE, width, height, AvcConfig.fromExtradata(extradata())));
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    private void open(int gop, String preset, String x264Params) throws IOException {
        AVCodec codec = avcodec_find_encoder_by_name("libx264");
        if (codec == null || codec.isNull()) {
            throw new IOException("this FFmpeg build has no libx264");
        }
        context = avcodec_alloc_context3(codec);
        context.width(width);
        context.height(height);
        context.pix_fmt(AV_PIX_FMT_YUV420P);
        // 90 kHz timestamps (the MPEG-TS clock, x264 rate control reads the real frame times), the nominal rate for
        // x264's VBV and level.
        context.time_base(av_make_q(1, TIMESCALE));
        context.framerate(av_d2q(fps, 1001000));
        context.gop_size(gop);
        context.bit_rate(rung.videoBitrate());
        context.flags(context.flags() | AV_CODEC_FLAG_GLOBAL_HEADER);
        AVDictionary options = new AVDictionary(null);
        try {
            av_dict_set(options, "preset", preset, 0);
            av_dict_set(options, "profile", "high", 0);
            // Capped VBR around the rung's bitrate; keyint = min-keyint and no scene cut keep GOPs aligned across
            // rungs. Two frame threads and no sync lookahead per rung: rungs already run side by side, and each
            // extra x264 thread holds frames (memory, and delay before a part can be announced).
            String params = "keyint=" + gop + ":min-keyint=" + gop + ":scenecut=0:level="
                    + H264Codecs.levelName(level) + ":vbv-maxrate=" + rung.videoBitrate() * 11 / 10000
                    + ":vbv-bufsize=" + rung.videoBitrate() * 2 / 1000 + ":nal-hrd=none:threads=2:sync-lookahead=0"
                    + (x264Params.isEmpty() ? "" : ":" + x264Params);
            av_dict_set(options, "x264-params", params, 0);
            int err = avcodec_open2(context, codec, options);
            if (err < 0) {
                throw new IOException("libx264 would not open for " + rung.name() + ": " + FfmpegErrors.text(err));
            }
        } finally {
            av_dict_free(options);
        }
        scaled = av_frame_alloc();
        scaled.width(width);
        scaled.height(height);
        scaled.format(AV_PIX_FMT_YUV420P);
        if (av_frame_get_buffer(scaled, 0) < 0) {
            throw new IOException("no memory for a " + width + "x" + height + " picture");
        }
        packet = av_packet_alloc();
    }

    private byte[] extradata() throws IOException {
        int size = context.extradata_size();
        if (size <= 0) {
            throw new IOException("libx264 gave no global header");
        }
        byte[] bytes = new byte[size];
        context.extradata().get(bytes);
        return bytes;
    }

    /**
     * Encodes one decoded picture (any size and pixel format swscale reads) presented at {@code pts} (90 kHz, from
     * the session's origin). A time not above the previous one is dropped: a track's times must advance.
     */
    public boolean encode(AVFrame picture, long pts) throws IOException {
        if (pts <= lastPts) {
            return false;
        }
        lastPts = pts;
        sws = swscale.sws_getCachedContext(
                sws,
                picture.width(),
                picture.height(),
                picture.format(),
                width,
                height,
                AV_PIX_FMT_YUV420P,
                swscale.SWS_BILINEAR,
                null,
                null,
                (DoublePointer) null);
        if (sws == null || sws.isNull()) {
            throw new IOException("swscale cannot convert pixel format " + picture.format());
        }
        // The encoder may still reference the last picture's buffers: give this one fresh ones if so.
        if (av_frame_make_writable(scaled) < 0) {
            throw new IOException("no memory for a " + width + "x" + height + " picture");
        }
        swscale.sws_scale(
                sws, picture.data(), picture.linesize(), 0, picture.height(), scaled.data(), scaled.linesize());
        scaled.pts(pts);
        send(scaled);
        framesIn++;
        return true;
    }

    /** Drains the encoder and passes on its last samples (the caller ends the sink: also when this fails). */
    public void flush() throws IOException {
        send(null);
        pending.flush();
    }

    private void send(AVFrame frame) throws IOException {
        int err = avcodec_send_frame(context, frame);
        if (err < 0 && err != AVERROR_EOF()) {
            throw new IOException("libx264 refused a picture of " + rung.name() + ": " + FfmpegErrors.text(err));
        }
        while (true) {
            err = avcodec_receive_packet(context, packet);
            if (err == AVERROR_EAGAIN() || err == AVERROR_EOF()) {
                break;
            }
            if (err < 0) {
                throw new IOException("libx264 failed on " + rung.name() + ": " + FfmpegErrors.text(err));
            }
            try {
                packetsOut++;
                if (frame != null) {
                    maxDelay = (int) Math.max(maxDelay, framesIn + 1 - packetsOut);
                }
                byte[] annexB = new byte[packet.size()];
                packet.data().get(annexB);
                // With B-frames libx264's first decode times are before the first picture's: the fMP4 writer
                // shifts decode times, presentation stays at the source's times.
                pending.offer(
                        packet.dts(),
                        packet.pts(),
                        (packet.flags() & AV_PKT_FLAG_KEY) != 0,
                        AnnexB.toLengthPrefixed(annexB));
            } finally {
                av_packet_unref(packet);
            }
        }
    }

    /** Frames libx264 held before giving back the first packet of any frame, at most so far: its delay. */
    public int maxDelayFrames() {
        return maxDelay;
    }

    public String name() {
        return rung.name();
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    public double fps() {
        return fps;
    }

    public long bitrate() {
        return rung.videoBitrate();
    }

    public String codecs() {
        return H264Codecs.avc1(H264Codecs.PROFILE_HIGH, 0, level);
    }

    /** Frees the encoder, the picture, the packet and the scaler; safe to call twice and after a failed open. */
    @Override
    public void close() {
        if (context != null) {
            avcodec_free_context(context);
            context = null;
        }
        if (scaled != null) {
            av_frame_free(scaled);
            scaled = null;
        }
        if (packet != null) {
            av_packet_free(packet);
            packet = null;
        }
        if (sws != null) {
            swscale.sws_freeContext(sws);
            sws = null;
        }
    }
}
