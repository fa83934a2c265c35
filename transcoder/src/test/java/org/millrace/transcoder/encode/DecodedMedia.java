package org.millrace.transcoder.encode;

import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_to_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_packet;
import static org.bytedeco.ffmpeg.global.avformat.av_read_frame;
import static org.bytedeco.ffmpeg.global.avformat.avformat_close_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_find_stream_info;
import static org.bytedeco.ffmpeg.global.avformat.avformat_open_input;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_unref;

import java.nio.file.Path;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVInputFormat;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.global.avutil;

/** Test support: a media file's packets and decoded frames, read with FFmpeg's C API. */
final class DecodedMedia {
    interface Visitor {
        /** A demuxed packet of {@code stream} (before it is decoded). */
        default void packet(AVStream stream, AVPacket packet) throws Exception {}

        /** A decoded frame of {@code stream}; valid during the call only. */
        void frame(AVStream stream, AVFrame frame) throws Exception;
    }

    private DecodedMedia() {}

    static void read(Path file, Visitor visitor) throws Exception {
        AVFormatContext format = new AVFormatContext(null);
        if (avformat_open_input(format, file.toString(), (AVInputFormat) null, (AVDictionary) null) < 0) {
            throw new IllegalStateException("cannot open " + file);
        }
        AVCodecContext[] decoders = new AVCodecContext[format.nb_streams()];
        AVPacket packet = av_packet_alloc();
        AVFrame frame = av_frame_alloc();
        try {
            avformat_find_stream_info(format, (org.bytedeco.javacpp.PointerPointer<?>) null);
            for (int i = 0; i < decoders.length; i++) {
                AVStream s = format.streams(i);
                decoders[i] =
                        avcodec_alloc_context3(avcodec_find_decoder(s.codecpar().codec_id()));
                avcodec_parameters_to_context(decoders[i], s.codecpar());
                decoders[i].pkt_timebase(s.time_base());
                avcodec_open2(decoders[i], avcodec_find_decoder(s.codecpar().codec_id()), (AVDictionary) null);
            }
            while (av_read_frame(format, packet) >= 0) {
                try {
                    AVStream s = format.streams(packet.stream_index());
                    visitor.packet(s, packet);
                    decode(decoders[packet.stream_index()], s, packet, frame, visitor);
                } finally {
                    av_packet_unref(packet);
                }
            }
            for (int i = 0; i < decoders.length; i++) {
                decode(decoders[i], format.streams(i), null, frame, visitor);
            }
        } finally {
            for (AVCodecContext d : decoders) {
                if (d != null) {
                    avcodec_free_context(d);
                }
            }
            av_frame_free(frame);
            av_packet_free(packet);
            avformat_close_input(format);
        }
    }

    private static void decode(AVCodecContext decoder, AVStream stream, AVPacket packet, AVFrame frame, Visitor visitor)
            throws Exception {
        if (avcodec_send_packet(decoder, packet) < 0) {
            return;
        }
        while (avcodec_receive_frame(decoder, frame) >= 0) {
            try {
                visitor.frame(stream, frame);
            } finally {
                av_frame_unref(frame);
            }
        }
    }

    static boolean isVideo(AVStream s) {
        return s.codecpar().codec_type() == avutil.AVMEDIA_TYPE_VIDEO;
    }
}
