package org.millrace.transcoder.live;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.millrace.core.media.LiveEndReason;
import org.millrace.core.media.LiveMediaError;
import org.millrace.core.media.LiveSink;
import org.millrace.core.media.LiveSinkStats;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One publisher's bytes into its pipeline's bounded input. When the media ends a pipeline (see {@link MediaFault})
 * the reason is kept for the owner's stats, and a restartable fault (a new size or codec mid-stream) starts a fresh
 * pipeline on the same connection, a few times a minute at most. Close waits for the pipeline to flush its last
 * segments and end the playlists, so a resume that follows continues after them.
 */
final class TranscoderSink implements LiveSink {
    private static final Logger LOG = LoggerFactory.getLogger(TranscoderSink.class);
    private static final long CLOSE_WAIT_SECONDS = 60;
    static final int RESTARTS_PER_WINDOW = 3;
    static final Duration RESTART_WINDOW = Duration.ofMinutes(1);

    /** One pipeline's input, meters and completion. */
    record Run(ChunkInputStream input, PipelineMetrics metrics, CompletableFuture<Void> done) {}

    private final Supplier<Run> restarter;
    private final String streamId;
    private final Clock clock;
    private final Deque<Instant> restarts = new ArrayDeque<>();
    private volatile Run current;
    private volatile LiveMediaError lastError;
    private boolean closed;

    /** {@code first} is running; {@code restarter} starts the next pipeline of the same session (a new epoch). */
    TranscoderSink(Run first, Supplier<Run> restarter, String streamId, Clock clock) {
        this.restarter = restarter;
        this.streamId = streamId;
        this.clock = clock;
        watch(first);
    }

    private void watch(Run run) {
        current = run;
        run.done().whenComplete((ok, failure) -> ended(run));
    }

    /** The pipeline thread, as it completes. */
    private void ended(Run run) {
        MediaFault fault = run.metrics().fault();
        if (fault == null) {
            return;
        }
        Instant now = clock.instant();
        LiveMediaError error = new LiveMediaError(fault.reason(), fault.detail(), now, false);
        synchronized (this) {
            if (closed || run != current || !fault.restartable() || !admitRestart(now)) {
                lastError = error;
                return;
            }
            lastError = error.withRestarted();
            LOG.info("stream {}: restarting its pipeline on the same connection ({})", streamId, fault.reason());
            watch(restarter.get());
        }
    }

    private boolean admitRestart(Instant now) {
        while (!restarts.isEmpty() && restarts.peekFirst().isBefore(now.minus(RESTART_WINDOW))) {
            restarts.pollFirst();
        }
        if (restarts.size() >= RESTARTS_PER_WINDOW) {
            return false;
        }
        restarts.addLast(now);
        return true;
    }

    @Override
    public void write(byte[] chunk) {
        Run run = current;
        run.metrics().inputBytes.increment(chunk.length);
        if (!run.input().offer(chunk) && !run.done().isDone()) {
            run.metrics().droppedInputBytes.increment(chunk.length);
        }
    }

    @Override
    public void close(LiveEndReason reason) {
        Run run;
        synchronized (this) {
            closed = true;
            run = current;
        }
        run.input().finish();
        try {
            run.done().get(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            LOG.warn(
                    "stream {}: pipeline still finishing {} s after its publisher left ({})",
                    streamId,
                    CLOSE_WAIT_SECONDS,
                    reason);
        } catch (Exception e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public LiveSinkStats stats() {
        LiveSinkStats media = current.metrics().stats();
        return new LiveSinkStats(media.fps(), media.speed(), lastError);
    }

    /** Completes when the current pipeline has stopped and cleaned up (tests and shutdown wait on it). */
    CompletableFuture<Void> done() {
        return current.done();
    }
}
