package org.millrace.auth;

import io.vertx.core.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes refresh tokens that expired or were revoked more than the retention ago, periodically and in bounded
 * batches, so the table holds live logins and not every login ever made.
 */
public final class RefreshTokenPurge extends PeriodicPurge {
    private static final Logger LOG = LoggerFactory.getLogger(RefreshTokenPurge.class);

    private final RefreshTokenRepository tokens;
    private final PurgeSettings settings;

    public RefreshTokenPurge(RefreshTokenRepository tokens, PurgeSettings settings) {
        super(settings.interval());
        this.tokens = tokens;
        this.settings = settings;
    }

    /** One purge: batches until one comes back short or the batch budget is spent; how many rows it deleted. */
    @Override
    public Future<Integer> purge() {
        return inBatches(
                        () -> tokens.purgeBatch(settings.retention(), settings.batchSize()),
                        settings.batchSize(),
                        settings.maxBatches())
                .andThen(result -> {
                    if (result.failed()) {
                        LOG.warn(
                                "purging old refresh tokens failed: {}",
                                result.cause().getMessage());
                    } else if (result.result() > 0) {
                        LOG.info("purged {} expired or revoked refresh tokens", result.result());
                    }
                });
    }
}
