package org.millrace.transcoder.live;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;

/** A JPEG of the decoded picture, 480 pixels wide, at most once per interval (the first one at once). */
final class Thumbnailer {
    static final int WIDTH = 480;

    private final long intervalNanos;
    private long lastNanos;
    private boolean any;

    Thumbnailer(Duration interval) {
        this.intervalNanos = interval.toNanos();
    }

    boolean due(long nowNanos) {
        return !any || nowNanos - lastNanos >= intervalNanos;
    }

    byte[] jpeg(Frame frame, int pixelFormat, long nowNanos) throws FFmpegFrameRecorder.Exception {
        any = true;
        lastNanos = nowNanos;
        int height = Math.max(2, (int) Math.round((double) WIDTH * frame.imageHeight / frame.imageWidth) & ~1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(out, WIDTH, height, 0);
        try {
            recorder.setFormat("mjpeg");
            recorder.setVideoCodec(avcodec.AV_CODEC_ID_MJPEG);
            recorder.setPixelFormat(avutil.AV_PIX_FMT_YUVJ420P);
            recorder.setFrameRate(1);
            recorder.setVideoQuality(4);
            recorder.startUnsafe();
            recorder.record(frame, pixelFormat);
            recorder.stop();
        } finally {
            recorder.releaseUnsafe();
        }
        return out.toByteArray();
    }
}
