package org.millrace.transcoder.live;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import javax.imageio.ImageIO;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.ffmpeg.global.swscale;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * A JPEG of the decoded picture, 480 pixels wide, at most once per interval (the first one at once). The picture is
 * scaled straight to BGR by swscale (which knows a video's limited range) and encoded by ImageIO: going through
 * FFmpeg's MJPEG encoder would need its deprecated full-range "J" pixel formats, and swscale warns about those on
 * every thumbnail.
 */
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

    /** Pipeline thread only; {@code picture} stays the caller's. */
    byte[] jpeg(AVFrame picture, long nowNanos) {
        any = true;
        lastNanos = nowNanos;
        int height = Math.max(2, (int) Math.round((double) WIDTH * picture.height() / picture.width()) & ~1);
        SwsContext sws = swscale.sws_getContext(
                picture.width(),
                picture.height(),
                picture.format(),
                WIDTH,
                height,
                avutil.AV_PIX_FMT_BGR24,
                swscale.SWS_BILINEAR,
                null,
                null,
                (DoublePointer) null);
        if (sws == null) {
            throw new IllegalStateException("swscale cannot convert pixel format " + picture.format() + " to BGR");
        }
        BufferedImage image = new BufferedImage(WIDTH, height, BufferedImage.TYPE_3BYTE_BGR);
        try (BytePointer bgr = new BytePointer((long) WIDTH * height * 3);
                PointerPointer<BytePointer> planes = new PointerPointer<>(bgr, null, null, null);
                IntPointer strides = new IntPointer(WIDTH * 3, 0, 0, 0)) {
            swscale.sws_scale(sws, picture.data(), picture.linesize(), 0, picture.height(), planes, strides);
            bgr.get(((DataBufferByte) image.getRaster().getDataBuffer()).getData());
        } finally {
            swscale.sws_freeContext(sws);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(32 * 1024);
        try {
            if (!ImageIO.write(image, "jpg", out)) {
                throw new IllegalStateException("no JPEG writer");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
