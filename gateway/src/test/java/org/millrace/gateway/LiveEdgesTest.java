package org.millrace.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.millrace.core.metrics.MetricsRegistry;
import org.millrace.core.metrics.VertxFactory;
import org.millrace.core.storage.LocalStorage;

/** The bound on followed streams: least recently used ones go first, a new session replaces the old, idle ones go. */
class LiveEdgesTest {
    private MetricsRegistry metrics;
    private Vertx vertx;
    private Context context;
    private LiveEdges edges;

    @BeforeEach
    void start(@TempDir Path data) throws Exception {
        metrics = new MetricsRegistry();
        vertx = VertxFactory.create(metrics.registry());
        context = vertx.getOrCreateContext();
        HeldRequests held = new HeldRequests(10, 10);
        LiveEdgeSettings settings =
                LiveEdgeSettings.defaults().withBounds(2, 10, 10).withIdleAfter(Duration.ofMillis(1500));
        edges = on(() -> new LiveEdges(
                vertx, new LocalStorage(data), settings, held, new LiveEdgeCounters(metrics.registry(), held)));
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().await(10, TimeUnit.SECONDS);
        metrics.close();
    }

    @Test
    void followsAtMostTheBoundLeastRecentlyUsedGoingFirst() throws Exception {
        StreamEdge a = on(() -> edges.follow("StreamA", "s1"));
        StreamEdge b = on(() -> edges.follow("StreamB", "s1"));
        on(() -> edges.follow("StreamA", "s1")); // A used again: B is now the least recently used
        StreamEdge c = on(() -> edges.follow("StreamC", "s1"));
        assertThat(on(edges::size)).isEqualTo(2);
        assertThat(on(b::listening)).isFalse();
        assertThat(on(a::listening)).isTrue();
        assertThat(on(c::listening)).isTrue();
        assertThat(on(() -> edges.find("StreamB", "s1"))).isNull();
        assertThat(on(() -> edges.find("StreamA", "s1"))).isSameAs(a);
    }

    @Test
    void aNewSessionReplacesTheOldAndIdleStreamsAreDropped() throws Exception {
        StreamEdge first = on(() -> edges.follow("StreamA", "s1"));
        StreamEdge second = on(() -> edges.follow("StreamA", "s2"));
        assertThat(on(first::listening)).isFalse();
        assertThat(second.sessionId()).isEqualTo("s2");
        assertThat(on(() -> edges.find("StreamA", "s1"))).isNull();
        assertThat(on(edges::size)).isEqualTo(1);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (on(edges::size) > 0 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(on(edges::size)).as("dropped once idle").isZero();
        assertThat(on(second::listening)).isFalse();
    }

    /** Runs on the gateway-like context, as every call of LiveEdges does. */
    private <T> T on(Callable<T> call) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        context.runOnContext(v -> {
            try {
                result.complete(call.call());
            } catch (Exception e) {
                result.completeExceptionally(e);
            }
        });
        return result.get(10, TimeUnit.SECONDS);
    }
}
