package org.millrace.server;

import org.millrace.core.config.ConfigException;
import org.millrace.core.config.ConfigLoader;
import org.millrace.core.config.MillraceConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/** {@code java -jar millrace-server.jar}: reads the environment, starts the all-in-one server, stops on SIGTERM. */
public final class MillraceServer {
    private static final Logger LOG = LoggerFactory.getLogger(MillraceServer.class);

    private MillraceServer() {
    }

    public static void main(String[] args) {
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
        long started = System.nanoTime();
        MillraceConfig config;
        try {
            config = ConfigLoader.fromEnvironment();
        } catch (ConfigException e) {
            LOG.error("configuration error: {}", e.getMessage());
            System.exit(2);
            return;
        }
        AllInOneServer server;
        try {
            server = AllInOneServer.start(config);
        } catch (RuntimeException e) {
            LOG.error("Millrace failed to start: {}", e.getMessage(), e);
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "millrace-shutdown"));
        long jvmUptime = java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime();
        LOG.info("Millrace ready in {} ms ({} ms since JVM start): {} (HTTP port {})",
                (System.nanoTime() - started) / 1_000_000, jvmUptime, config.publicUrl(), server.httpPort());
    }
}
