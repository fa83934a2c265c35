package org.millrace.core.metrics;

import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Set;

/**
 * The process's one Prometheus registry with the JVM and process meters bound. Vert.x's own meters (HTTP server,
 * event bus, pools) join it through {@link VertxFactory}; services add theirs through the constructor-passed registry.
 */
public final class MetricsRegistry implements AutoCloseable {
    /** The label every HTTP method outside {@link #STANDARD_METHODS} is counted under. */
    public static final String OTHER_METHOD = "OTHER";

    private static final Set<String> STANDARD_METHODS =
            Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "CONNECT");

    private final PrometheusMeterRegistry registry;
    private final JvmGcMetrics gc;

    public MetricsRegistry() {
        this.registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        // A client picks the method name: made up ones would each add a family of series (Vert.x's own HTTP meters
        // and ours), so all of them share one label. First, before any meter exists.
        registry.config().meterFilter(MeterFilter.replaceTagValues("method", MetricsRegistry::methodLabel));
        new ClassLoaderMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        this.gc = new JvmGcMetrics();
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
    }

    /** The {@code method} label of a request: the method's name when it is a standard one, else {@value #OTHER_METHOD}. */
    public static String methodLabel(String method) {
        return STANDARD_METHODS.contains(method) ? method : OTHER_METHOD;
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** The Prometheus text exposition of every meter. */
    public String scrape() {
        return registry.scrape();
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}
