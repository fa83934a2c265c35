package org.millrace.transcoder.live;

import java.nio.file.Path;
import java.time.Duration;
import org.bytedeco.javacv.FFmpegFrameRecorder;

/**
 * FFmpeg's hls muxer set up to write fMP4 segments (and their init segment) of one rendition into a work directory,
 * listing them in {@link #PLAYLIST}: the detector of finished segments, never published.
 */
final class HlsRecorders {
    static final String PLAYLIST = "ffmpeg.m3u8";
    static final String INIT = "init.mp4";

    private HlsRecorders() {
    }

    static void configure(FFmpegFrameRecorder recorder, Path dir, Duration segment) {
        recorder.setFormat("hls");
        recorder.setOption("hls_time", String.valueOf(segment.toMillis() / 1000.0));
        recorder.setOption("hls_list_size", "0");
        recorder.setOption("hls_segment_type", "fmp4");
        recorder.setOption("hls_fmp4_init_filename", INIT);
        recorder.setOption("hls_segment_filename", dir.resolve("s%d.m4s").toString());
        recorder.setOption("hls_flags", "independent_segments+temp_file");
    }

    /** Flushes the muxer (it closes and lists the last segment), then frees the native context whatever happened. */
    static void stop(FFmpegFrameRecorder recorder) throws FFmpegFrameRecorder.Exception {
        try {
            recorder.stop();
        } finally {
            recorder.releaseUnsafe();
        }
    }
}
