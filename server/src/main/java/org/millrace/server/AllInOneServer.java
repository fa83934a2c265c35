package org.millrace.server;

import org.millrace.core.config.DatabaseSettings;
import org.millrace.core.config.MillraceConfig;

/**
 * The services of one process as tests and embedders start them: with {@code MILLRACE_SERVICES} unset, every part
 * of Millrace in one JVM with the embedded PostgreSQL (unless a database URL is configured). A thin face over
 * {@link ServiceAssembly}, which starts whatever subset the configuration names.
 */
public final class AllInOneServer implements AutoCloseable {
    private final ServiceAssembly services;

    private AllInOneServer(ServiceAssembly services) {
        this.services = services;
    }

    public static AllInOneServer start(MillraceConfig config) {
        return new AllInOneServer(ServiceAssembly.start(config));
    }

    /** Where the database is (the embedded one's port is chosen at start). */
    public DatabaseSettings database() {
        return services.database().orElseThrow(() -> new IllegalStateException("this process has no database"));
    }

    /** The SRT ingest's UDP port (the real one when configured with 0). */
    public int srtPort() {
        return services.srtPort();
    }

    public int httpPort() {
        return services.httpPort();
    }

    @Override
    public void close() {
        services.close();
    }
}
