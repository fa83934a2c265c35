package org.millrace.transcoder.live;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.millrace.core.media.LiveEndReason;
import org.millrace.core.media.LiveSink;
import org.millrace.core.media.LiveSinkStats;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One publisher's bytes into its pipeline's bounded input; close waits for the pipeline to flush its last segments
 * and end the playlists, so a resume that follows continues after them.
 */
final class TranscoderSink implements LiveSink {
    private static final Logger LOG = LoggerFactory.getLogger(TranscoderSink.class);
    private static final long CLOSE_WAIT_SECONDS = 60;

    private final ChunkInputStream input;
    private final PipelineMetrics metrics;
    private final CompletableFuture<Void> done;
    private final String streamId;

    TranscoderSink(ChunkInputStream input, PipelineMetrics metrics, CompletableFuture<Void> done, String streamId) {
        this.input = input;
        this.metrics = metrics;
        this.done = done;
        this.streamId = streamId;
    }

    @Override
    public void write(byte[] chunk) {
        metrics.inputBytes.increment(chunk.length);
        if (!input.offer(chunk) && !done.isDone()) {
            metrics.droppedInputBytes.increment(chunk.length);
        }
    }

    @Override
    public void close(LiveEndReason reason) {
        input.finish();
        try {
            done.get(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            LOG.warn("stream {}: pipeline still finishing {} s after its publisher left ({})", streamId,
                    CLOSE_WAIT_SECONDS, reason);
        } catch (Exception e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public LiveSinkStats stats() {
        return metrics.stats();
    }

    /** Completes when the pipeline has stopped and cleaned up (tests and shutdown wait on it). */
    CompletableFuture<Void> done() {
        return done;
    }
}
