package org.millrace.transcoder.encode;

import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.BytePointer;

/** FFmpeg's error codes as the words it has for them. */
final class FfmpegErrors {
    private FfmpegErrors() {}

    static String text(int err) {
        try (BytePointer buffer = new BytePointer(256)) {
            avutil.av_strerror(err, buffer, 256);
            return buffer.getString() + " (" + err + ")";
        }
    }
}
