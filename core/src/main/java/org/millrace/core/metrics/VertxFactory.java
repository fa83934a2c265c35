package org.millrace.core.metrics;

import org.millrace.core.bus.BusCodecs;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;

/** Builds the Vert.x instance of a process: its metrics go to the given registry and the bus knows our codecs. */
public final class VertxFactory {
    private VertxFactory() {
    }

    public static Vertx create(MeterRegistry registry) {
        VertxOptions options = new VertxOptions()
                .setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true));
        Vertx vertx = Vertx.builder().with(options).withMetrics(new MicrometerMetricsFactory(registry)).build();
        BusCodecs.register(vertx.eventBus());
        return vertx;
    }
}
