package org.millrace.transcoder;

import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avformat;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.Loader;

/**
 * The FFmpeg that javacv loads from the bytedeco GPL jar: its version and whether the encoders and protocols the
 * pipeline relies on (libx264, AAC, SRT) are built in. Logged at start-up so a wrong jar is obvious at once.
 */
public final class FfmpegRuntime {
    private FfmpegRuntime() {}

    /** Loads the native libraries (slow the first time: they are unpacked into the javacpp cache). */
    public static String version() {
        Loader.load(avutil.class);
        return avutil.av_version_info().getString();
    }

    public static boolean hasEncoder(String name) {
        Loader.load(avcodec.class);
        AVCodec codec = avcodec.avcodec_find_encoder_by_name(name);
        return codec != null && !codec.isNull();
    }

    public static boolean hasDecoder(String name) {
        Loader.load(avcodec.class);
        AVCodec codec = avcodec.avcodec_find_decoder_by_name(name);
        return codec != null && !codec.isNull();
    }

    public static String license() {
        Loader.load(avformat.class);
        return avcodec.avcodec_license().getString();
    }
}
