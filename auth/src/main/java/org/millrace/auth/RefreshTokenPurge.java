package org.millrace.auth;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;

/**
 * Deletes refresh tokens that expired or were revoked more than the retention ago, periodically and in bounded
 * batches, so the table holds live logins and not every login ever made. Deployed as a worker verticle: its timer
 * and bookkeeping never run on an event loop the API answers on.
 */
public final class RefreshTokenPurge extends VerticleBase {
    private static final Logger LOG = LoggerFactory.getLogger(RefreshTokenPurge.class);
    private static final Duration LONGEST_FIRST_DELAY = Duration.ofMinutes(1);

    private final RefreshTokenRepository tokens;
    private final PurgeSettings settings;
    private long timer = -1;
    private boolean running;

    public RefreshTokenPurge(RefreshTokenRepository tokens, PurgeSettings settings) {
        this.tokens = tokens;
        this.settings = settings;
    }

    @Override
    public Future<?> start() {
        long interval = settings.interval().toMillis();
        timer = vertx.setPeriodic(Math.min(interval, LONGEST_FIRST_DELAY.toMillis()), interval, id -> {
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

    /** One purge: batches until one comes back short or the batch budget is spent; how many rows it deleted. */
    public Future<Integer> purge() {
        return batches(0, 0).andThen(result -> {
            if (result.failed()) {
                LOG.warn("purging old refresh tokens failed: {}", result.cause().getMessage());
            } else if (result.result() > 0) {
                LOG.info("purged {} expired or revoked refresh tokens", result.result());
            }
        });
    }

    private Future<Integer> batches(int done, int deleted) {
        return tokens.purgeBatch(settings.retention(), settings.batchSize()).compose(count -> {
            int total = deleted + count;
            return count < settings.batchSize() || done + 1 >= settings.maxBatches()
                    ? Future.succeededFuture(total)
                    : batches(done + 1, total);
        });
    }
}
