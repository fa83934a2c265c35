package org.millrace.transcoder.live;

import static org.bytedeco.ffmpeg.global.avutil.av_get_bytes_per_sample;
import static org.bytedeco.ffmpeg.global.avutil.av_image_copy_to_buffer;
import static org.bytedeco.ffmpeg.global.avutil.av_image_get_buffer_size;
import static org.bytedeco.ffmpeg.global.avutil.av_image_get_linesize;
import static org.bytedeco.ffmpeg.global.avutil.av_sample_fmt_is_planar;

import java.nio.Buffer;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.ShortPointer;
import org.bytedeco.javacv.Frame;

/**
 * Decoded AVFrames as javacv Frames for the recorders: pictures copied into one reused contiguous buffer (javacv's
 * recorder scales from a single buffer), samples wrapped without copying (valid until the AVFrame is unreferenced).
 */
final class FrameConverter implements AutoCloseable {
    private BytePointer image;
    private long imageSize;
    private final Frame picture = new Frame();
    private final Frame samples = new Frame();

    Frame picture(AVFrame f, long timestampMicros) {
        int w = f.width();
        int h = f.height();
        int format = f.format();
        long size = av_image_get_buffer_size(format, w, h, 1);
        if (image == null || imageSize < size) {
            if (image != null) {
                image.close();
            }
            image = new BytePointer(size);
            imageSize = size;
        }
        av_image_copy_to_buffer(image, (int) size, f.data(), f.linesize(), format, w, h, 1);
        boolean wide = av_image_get_linesize(format, w, 0) >= 2 * w;
        picture.imageWidth = w;
        picture.imageHeight = h;
        picture.imageDepth = wide ? Frame.DEPTH_USHORT : Frame.DEPTH_UBYTE;
        picture.imageChannels = 1;
        picture.imageStride = w;
        BytePointer view = new BytePointer(image);
        view.position(0);
        view.capacity(size);
        view.limit(size);
        picture.image = new Buffer[] {view.asByteBuffer()};
        picture.timestamp = timestampMicros;
        return picture;
    }

    /** The frame's pixel format, for {@code recorder.record(frame, pixelFormat)}. */
    static int pixelFormat(AVFrame f) {
        return f.format();
    }

    Frame samples(AVFrame f) {
        int channels = f.ch_layout().nb_channels();
        int format = f.format();
        boolean planar = av_sample_fmt_is_planar(format) != 0;
        int planes = planar ? channels : 1;
        int count = f.nb_samples() * (planar ? 1 : channels);
        Buffer[] buffers = new Buffer[planes];
        int bytes = av_get_bytes_per_sample(format);
        for (int i = 0; i < planes; i++) {
            BytePointer data = f.data(i);
            if (format == avutil.AV_SAMPLE_FMT_FLT || format == avutil.AV_SAMPLE_FMT_FLTP) {
                buffers[i] = new FloatPointer(data).capacity(count).asBuffer();
            } else if (format == avutil.AV_SAMPLE_FMT_S16 || format == avutil.AV_SAMPLE_FMT_S16P) {
                buffers[i] = new ShortPointer(data).capacity(count).asBuffer();
            } else if (format == avutil.AV_SAMPLE_FMT_S32 || format == avutil.AV_SAMPLE_FMT_S32P) {
                buffers[i] = new IntPointer(data).capacity(count).asBuffer();
            } else if (format == avutil.AV_SAMPLE_FMT_DBL || format == avutil.AV_SAMPLE_FMT_DBLP) {
                buffers[i] = new DoublePointer(data).capacity(count).asBuffer();
            } else {
                buffers[i] = data.capacity((long) count * bytes).asBuffer();
            }
        }
        samples.sampleRate = f.sample_rate();
        samples.audioChannels = channels;
        samples.samples = buffers;
        return samples;
    }

    @Override
    public void close() {
        if (image != null) {
            image.close();
        }
    }

}
