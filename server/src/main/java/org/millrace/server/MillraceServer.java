package org.millrace.server;

import org.millrace.core.config.ConfigException;
import org.millrace.core.config.ConfigLoader;
import org.millrace.core.config.MillraceConfig;
import org.millrace.core.config.ServiceRole;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * {@code java -jar millrace-server.jar}: reads the environment, starts the services {@code MILLRACE_SERVICES} names
 * (all of them when unset), stops on SIGTERM. Exit status 2: a configuration error; 1: start-up failed.
 * {@code java -jar millrace-server.jar admin grant <username>} makes an account an admin instead (see README).
 */
public final class MillraceServer {
    private static final Logger LOG = LoggerFactory.getLogger(MillraceServer.class);

    private MillraceServer() {}

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
        if (args.length > 0) {
            System.exit(command(config, args));
            return;
        }
        ServiceAssembly server;
        try {
            server = ServiceAssembly.start(config);
        } catch (StartupException e) {
            LOG.error("Millrace failed to start: {}", e.getMessage());
            System.exit(1);
            return;
        } catch (RuntimeException e) {
            LOG.error("Millrace failed to start: {}", e.getMessage(), e);
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "millrace-shutdown"));
        long jvmUptime =
                java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime();
        LOG.info(
                "Millrace ready in {} ms ({} ms since JVM start): {} (services {}, HTTP port {})",
                (System.nanoTime() - started) / 1_000_000,
                jvmUptime,
                config.publicUrl(),
                String.join(
                        ",",
                        config.services().stream()
                                .sorted()
                                .map(ServiceRole::configName)
                                .toList()),
                server.httpPort());
    }

    private static int command(MillraceConfig config, String[] args) {
        if (!"admin".equals(args[0])) {
            System.out.println("usage: java -jar millrace-server.jar [admin grant <username> [admin|moderator]]");
            return 2;
        }
        try {
            return new AdminCommand(config, System.out)
                    .run(java.util.Arrays.asList(args).subList(1, args.length));
        } catch (RuntimeException e) {
            LOG.error("admin command failed: {}", e.getMessage(), e);
            return 1;
        }
    }
}
