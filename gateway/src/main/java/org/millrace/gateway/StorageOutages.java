package org.millrace.gateway;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the gateway saw of storage being down while serving media: one WARN when reads start failing, one INFO when
 * one succeeds again, and counters in between, so an outage under thousands of viewers logs two lines, not one per
 * request.
 */
final class StorageOutages {
    private static final Logger LOG = LoggerFactory.getLogger(StorageOutages.class);

    private final AtomicBoolean down = new AtomicBoolean();
    private final AtomicLong failuresThisOutage = new AtomicLong();
    private final AtomicLong staleThisOutage = new AtomicLong();
    private final Counter failures;
    private final Counter staleAnswers;

    StorageOutages(MeterRegistry registry) {
        this.failures = Counter.builder("millrace.gateway.storage.failures")
                .description("Media requests whose storage read failed (503, or a stale playlist when one was kept)")
                .register(registry);
        this.staleAnswers = Counter.builder("millrace.gateway.stale.playlists")
                .description("Live playlists answered from the last good copy because storage failed")
                .register(registry);
    }

    /** A storage read failed (not a missing file): counted, logged only when it starts an outage. */
    void failed(String key, Throwable failure) {
        failures.increment();
        failuresThisOutage.incrementAndGet();
        if (down.compareAndSet(false, true)) {
            LOG.warn(
                    "storage reads are failing (first: {}: {}); live playlists are answered from their last good "
                            + "copy until it is back",
                    key,
                    failure.toString());
        }
    }

    /** A failed read was answered with the last good copy of a live playlist. */
    void answeredStale() {
        staleAnswers.increment();
        staleThisOutage.incrementAndGet();
    }

    /** A storage read succeeded: ends the outage, if there was one (a volatile read otherwise). */
    void succeeded() {
        if (down.get() && down.compareAndSet(true, false)) {
            LOG.info(
                    "storage reads work again: {} failed during the outage, {} answered with a stale playlist",
                    failuresThisOutage.getAndSet(0),
                    staleThisOutage.getAndSet(0));
        }
    }

    boolean isDown() {
        return down.get();
    }
}
