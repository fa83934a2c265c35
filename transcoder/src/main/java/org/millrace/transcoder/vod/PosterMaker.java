package org.millrace.transcoder.vod;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.Java2DFrameConverter;

/**
 * Decodes a few frames of the finished MP4 into JPEGs: the poster at full size, taken a little into the video (the
 * first seconds are often a black or a title card), and evenly spaced preview thumbnails scaled to a fixed width.
 */
public final class PosterMaker {
    private final VodImageSettings settings;

    /** A JPEG written to {@code file}, showing the video at {@code timeSeconds}. */
    public record Image(double timeSeconds, Path file) {}

    public PosterMaker(VodImageSettings settings) {
        this.settings = settings;
    }

    public Image poster(Path mp4, double durationSeconds, Path file) throws IOException {
        double at = settings.posterSeconds(durationSeconds);
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(mp4.toFile());
                Java2DFrameConverter converter = new Java2DFrameConverter()) {
            grabber.startUnsafe();
            write(frameAt(grabber, at), converter, file);
            return new Image(at, file);
        }
    }

    public List<Image> thumbnails(Path mp4, double durationSeconds, int width, int height, Path dir)
            throws IOException {
        int count = settings.thumbnailCount(durationSeconds);
        List<Image> out = new ArrayList<>(count);
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(mp4.toFile());
                Java2DFrameConverter converter = new Java2DFrameConverter()) {
            int w = settings.thumbnailWidth();
            // Even sizes: chroma-subsampled scalers and most JPEG viewers prefer them.
            int h = Math.max(2, (int) Math.round((double) w * height / Math.max(1, width) / 2) * 2);
            grabber.setImageWidth(w);
            grabber.setImageHeight(h);
            grabber.startUnsafe();
            for (int i = 0; i < count; i++) {
                double at = (i + 0.5) * durationSeconds / count;
                Path file = dir.resolve(i + ".jpg");
                write(frameAt(grabber, at), converter, file);
                out.add(new Image(at, file));
            }
        }
        return out;
    }

    /** The first picture at or after {@code seconds}, or the first one of the video when there is none after. */
    private static Frame frameAt(FFmpegFrameGrabber grabber, double seconds) throws IOException {
        grabber.setVideoTimestamp((long) (seconds * 1e6));
        Frame f = grabber.grabImage();
        if (f == null || f.image == null) {
            grabber.setVideoTimestamp(0);
            f = grabber.grabImage();
        }
        if (f == null || f.image == null) {
            throw new IOException("no decodable picture in the recording");
        }
        return f;
    }

    private static void write(Frame frame, Java2DFrameConverter converter, Path file) throws IOException {
        BufferedImage image = converter.convert(frame);
        if (!ImageIO.write(image, "jpg", file.toFile())) {
            throw new IOException("no JPEG writer");
        }
    }
}
