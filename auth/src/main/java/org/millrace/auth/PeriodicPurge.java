package org.millrace.auth;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * A table cleaner on a timer: runs {@link #purge()} every interval, never two at once, the first run within a
 * minute of the start. Deployed as a worker verticle, so its timer and bookkeeping never run on an event loop the
 * API answers on.
 */
abstract class PeriodicPurge extends VerticleBase {
    private static final Duration LONGEST_FIRST_DELAY = Duration.ofMinutes(1);

    private final Duration interval;
    private long timer = -1;
    private boolean running;

    PeriodicPurge(Duration interval) {
        this.interval = interval;
    }

    /** One purge; how many rows it deleted. */
    public abstract Future<Integer> purge();

    @Override
    public Future<?> start() {
        long every = interval.toMillis();
        timer = vertx.setPeriodic(Math.min(every, LONGEST_FIRST_DELAY.toMillis()), every, id -> {
            if (!running) {
                running = true;
                purge().onComplete(done -> running = false);
            }
        });
        return Future.succeededFuture();
    }

    @Override
    public Future<?> stop() {
        vertx.cancelTimer(timer);
        return Future.succeededFuture();
    }

    /**
     * Runs {@code batch} (which deletes at most {@code batchSize} rows) until one comes back short or
     * {@code maxBatches} ran, so one purge stays bounded however far behind the table is; how many rows it deleted.
     */
    static Future<Integer> inBatches(Supplier<Future<Integer>> batch, int batchSize, int maxBatches) {
        return inBatches(batch, batchSize, maxBatches, 0, 0);
    }

    private static Future<Integer> inBatches(
            Supplier<Future<Integer>> batch, int batchSize, int maxBatches, int done, int deleted) {
        return batch.get().compose(count -> {
            int total = deleted + count;
            return count < batchSize || done + 1 >= maxBatches
                    ? Future.succeededFuture(total)
                    : inBatches(batch, batchSize, maxBatches, done + 1, total);
        });
    }
}
