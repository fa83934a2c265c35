package org.millrace.transcoder.encode;

import java.nio.file.Path;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.global.avutil;

/** Benchmark support: a file's decoded pictures with their times in 90 kHz. */
public final class BenchDecoder {
    public interface Pictures {
        void accept(AVFrame frame, long pts90) throws Exception;
    }

    private BenchDecoder() {}

    public static void decodeVideo(Path file, Pictures pictures) throws Exception {
        DecodedMedia.read(file, (stream, frame) -> {
            if (DecodedMedia.isVideo(stream)) {
                pictures.accept(
                        frame,
                        avutil.av_rescale_q(
                                frame.best_effort_timestamp(), stream.time_base(), avutil.av_make_q(1, 90_000)));
            }
        });
    }
}
