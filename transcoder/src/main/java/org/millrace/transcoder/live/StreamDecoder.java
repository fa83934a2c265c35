package org.millrace.transcoder.live;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_AV1;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder_by_name;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_to_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_packet;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_unref;

import java.io.IOException;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;

/**
 * A decoder for one demuxed stream. The pipeline reads packets (not frames) from javacv so the same packet can be
 * both decoded here and copied as is into the passthrough rendition (live), and upload transcoding decodes files
 * with it.
 */
public final class StreamDecoder implements AutoCloseable {
    /** Receives each decoded frame; the frame is only valid during the call. */
    public interface FrameSink {
        void accept(AVFrame frame) throws Exception;
    }

    private final AVCodecContext context;
    private final AVFrame frame = av_frame_alloc();

    public StreamDecoder(AVStream stream) throws IOException {
        AVCodec codec = decoderFor(stream.codecpar().codec_id());
        if (codec == null || codec.isNull()) {
            throw new MediaFault(
                    MediaFault.UNSUPPORTED_CODEC,
                    "unsupported codec " + MediaChecks.name(stream.codecpar().codec_id()),
                    false);
        }
        context = avcodec_alloc_context3(codec);
        avcodec_parameters_to_context(context, stream.codecpar());
        context.pkt_timebase(stream.time_base());
        context.thread_count(0);
        if (avcodec_open2(context, codec, (AVDictionary) null) < 0) {
            close();
            throw new MediaFault(
                    MediaFault.UNSUPPORTED_CODEC,
                    "unsupported codec " + MediaChecks.name(stream.codecpar().codec_id())
                            + " (its decoder would not open)",
                    false);
        }
    }

    /**
     * FFmpeg's own AV1 decoder only drives hardware decoders and fails without one; OBS's hardware encoders send AV1,
     * so a software AV1 decoder is preferred where the build has one.
     */
    private static AVCodec decoderFor(int codecId) {
        if (codecId == AV_CODEC_ID_AV1) {
            for (String name : new String[] {"libdav1d", "libaom-av1"}) {
                AVCodec software = avcodec_find_decoder_by_name(name);
                if (software != null && !software.isNull()) {
                    return software;
                }
            }
        }
        return avcodec_find_decoder(codecId);
    }

    /** Decodes {@code packet} (null flushes) and hands over every frame it completes. */
    public void decode(AVPacket packet, FrameSink sink) throws Exception {
        if (avcodec_send_packet(context, packet) < 0) {
            return; // a corrupt packet: the decoder resynchronises on the next keyframe
        }
        while (avcodec_receive_frame(context, frame) >= 0) {
            try {
                sink.accept(frame);
            } finally {
                av_frame_unref(frame);
            }
        }
    }

    @Override
    public void close() {
        av_frame_free(frame);
        avcodec_free_context(context);
    }
}
