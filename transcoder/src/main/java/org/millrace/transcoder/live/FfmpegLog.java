package org.millrace.transcoder.live;

import java.util.concurrent.TimeUnit;
import org.bytedeco.ffmpeg.avutil.LogCallback;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.BytePointer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * FFmpeg's log, process-wide, into ours within a budget: a damaged stream makes FFmpeg's demuxer and decoders complain
 * once per packet (thousands of lines a minute from one hostile publisher on stderr), so at most {@code budget} lines
 * per window pass and the rest are counted, then summed up in one line when the next window opens.
 */
final class FfmpegLog extends LogCallback {
    private static final Logger LOG = LoggerFactory.getLogger(FfmpegLog.class);
    private static FfmpegLog installed;

    private final int budget;
    private final long windowNanos;
    private long windowStart = System.nanoTime();
    private int passed;
    private long suppressed;

    private FfmpegLog(int budget, long windowNanos) {
        this.budget = budget;
        this.windowNanos = windowNanos;
    }

    /** Routes FFmpeg's warnings and errors here, once per process (FFmpeg's log is global by nature). */
    static synchronized void install() {
        if (installed == null) {
            installed = new FfmpegLog(20, TimeUnit.SECONDS.toNanos(10));
            avutil.av_log_set_level(avutil.AV_LOG_WARNING);
            avutil.setLogCallback(installed);
        }
    }

    /** FFmpeg's threads (demuxer, decoder and encoder threads of any pipeline). */
    @Override
    public void call(int level, BytePointer message) {
        if (level > avutil.av_log_get_level()) {
            return;
        }
        String line;
        long dropped;
        synchronized (this) {
            long now = System.nanoTime();
            dropped = 0;
            if (now - windowStart >= windowNanos) {
                windowStart = now;
                passed = 0;
                dropped = suppressed;
                suppressed = 0;
            }
            if (passed >= budget) {
                suppressed++;
                line = null;
            } else {
                passed++;
                line = message.getString().strip();
            }
        }
        if (dropped > 0) {
            LOG.warn(
                    "{} more FFmpeg messages were not logged (at most {} per {} s)",
                    dropped,
                    budget,
                    TimeUnit.NANOSECONDS.toSeconds(windowNanos));
        }
        if (line != null && !line.isEmpty()) {
            if (level <= avutil.AV_LOG_ERROR) {
                LOG.warn("ffmpeg: {}", line);
            } else {
                LOG.info("ffmpeg: {}", line);
            }
        }
    }
}
