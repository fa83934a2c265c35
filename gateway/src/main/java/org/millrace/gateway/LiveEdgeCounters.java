package org.millrace.gateway;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToDoubleFunction;

/**
 * What the live edges count instead of logging (a hostile or broken peer costs a number, not a log line): playlists
 * reloaded because a tail did not connect, renders made, updates of another session ignored, held requests
 * refused, timed out, and held now.
 */
final class LiveEdgeCounters {
    private final Counter reloads;
    private final Counter renders;
    private final Counter foreignUpdates;
    private final Counter timeouts;
    private final AtomicLong reloadCount = new AtomicLong();

    LiveEdgeCounters(MeterRegistry registry, HeldRequests held) {
        this.reloads = Counter.builder("millrace.live.edge.reloads")
                .description("live playlists read again from storage because a tail did not connect")
                .register(registry);
        this.renders = Counter.builder("millrace.live.edge.renders")
                .description("LL-HLS playlist renders (one per version and kind)")
                .register(registry);
        this.foreignUpdates = Counter.builder("millrace.live.edge.ignored.updates")
                .description("playlist updates of a session other than the one followed")
                .register(registry);
        this.timeouts = Counter.builder("millrace.live.edge.held.timeouts")
                .description("blocking requests answered 503 after waiting their time out")
                .register(registry);
        ToDoubleFunction<HeldRequests> total = HeldRequests::total;
        Gauge.builder("millrace.live.edge.held", held, total)
                .description("requests held open waiting for the live edge")
                .register(registry);
        FunctionCounter.builder("millrace.live.edge.held.refused", held, h -> h.refused())
                .description("requests refused because too many were held")
                .register(registry);
    }

    void reloaded() {
        reloads.increment();
        reloadCount.incrementAndGet();
    }

    long reloads() {
        return reloadCount.get();
    }

    void rendered() {
        renders.increment();
    }

    void foreignUpdate() {
        foreignUpdates.increment();
    }

    void timedOut() {
        timeouts.increment();
    }
}
