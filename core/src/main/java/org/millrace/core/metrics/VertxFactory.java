package org.millrace.core.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.spi.cluster.ClusterManager;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import org.millrace.core.bus.BusCodecs;

/** Builds the Vert.x instance of a process: its metrics go to the given registry and the bus knows our codecs. */
public final class VertxFactory {
    private VertxFactory() {}

    public static Vertx create(MeterRegistry registry) {
        Vertx vertx = Vertx.builder()
                .with(options())
                .withMetrics(new MicrometerMetricsFactory(registry))
                .build();
        BusCodecs.register(vertx.eventBus());
        return vertx;
    }

    /** The same, its event bus clustered through {@code clusterManager} and reachable as {@code eventBus} says. */
    public static Future<Vertx> createClustered(
            MeterRegistry registry, ClusterManager clusterManager, EventBusOptions eventBus) {
        return Vertx.builder()
                .with(options().setEventBusOptions(eventBus))
                .withMetrics(new MicrometerMetricsFactory(registry))
                .withClusterManager(clusterManager)
                .buildClustered()
                .map(vertx -> {
                    BusCodecs.register(vertx.eventBus());
                    return vertx;
                });
    }

    private static VertxOptions options() {
        return new VertxOptions().setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true));
    }
}
