package org.millrace.core.db;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.millrace.core.config.DatabaseSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL server run from the binaries on the classpath, its data kept in a directory across restarts.
 * Started as root it runs in a user namespace as {@code nobody} (PostgreSQL refuses to run as root).
 */
public final class EmbeddedDatabase implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedDatabase.class);
    private static final Duration STALE_SERVER_STOP_WAIT = Duration.ofSeconds(10);

    private final EmbeddedPostgres postgres;
    private final Path dataDir;

    private EmbeddedDatabase(EmbeddedPostgres postgres, Path dataDir) {
        this.postgres = postgres;
        this.dataDir = dataDir;
    }

    /** Starts PostgreSQL on a free loopback port with its data under {@code dataDir} (created when missing). */
    public static EmbeddedDatabase start(Path dataDir) {
        return start(dataDir, 0);
    }

    /** Starts PostgreSQL on {@code port} (0: a free one), e.g. again where a stopped one listened. */
    public static EmbeddedDatabase start(Path dataDir, int port) {
        try {
            Files.createDirectories(dataDir);
            stopStaleServer(dataDir);
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder();
            if (port > 0) {
                builder.setPort(port);
            }
            EmbeddedPostgres postgres = builder.setDataDirectory(dataDir)
                    .setCleanDataDirectory(false)
                    // We stop it ourselves, in order, after the services that use it.
                    .setRegisterShutdownHook(false)
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .setServerConfig("max_connections", "200")
                    .setServerConfig("fsync", "on")
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .start();
            LOG.info("embedded PostgreSQL running on 127.0.0.1:{} with data in {}", postgres.getPort(), dataDir);
            return new EmbeddedDatabase(postgres, dataDir);
        } catch (IOException e) {
            throw new DatabaseException("embedded PostgreSQL did not start in " + dataDir + ": " + e.getMessage(), e);
        }
    }

    public DatabaseSettings settings(int poolSize) {
        return new DatabaseSettings("127.0.0.1", postgres.getPort(), "postgres", "postgres", null, poolSize);
    }

    public int port() {
        return postgres.getPort();
    }

    public Path dataDir() {
        return dataDir;
    }

    /** The postmaster's process id, read from its pid file (useful to prove nothing is left behind). */
    public Optional<Long> serverPid() {
        return readPid(dataDir);
    }

    @Override
    public void close() {
        try {
            postgres.close();
            LOG.info("embedded PostgreSQL stopped");
        } catch (IOException e) {
            throw new DatabaseException("embedded PostgreSQL did not stop cleanly", e);
        }
    }

    /**
     * A JVM killed with SIGKILL leaves its postmaster running on the data directory, and a new one cannot start
     * beside it. Such an orphan is ours (same data directory), so it is asked to stop before we start.
     */
    private static void stopStaleServer(Path dataDir) {
        readPid(dataDir)
                .flatMap(ProcessHandle::of)
                .filter(ProcessHandle::isAlive)
                .ifPresent(orphan -> {
                    String command = orphan.info().command().orElse("");
                    if (!command.endsWith("postgres")) {
                        return; // a recycled pid: not ours to touch; PostgreSQL itself will judge its pid file
                    }
                    LOG.warn("stopping PostgreSQL {} left running on {} by an earlier process", orphan.pid(), dataDir);
                    orphan.destroy(); // SIGTERM: "smart" shutdown
                    long deadline = System.nanoTime() + STALE_SERVER_STOP_WAIT.toNanos();
                    while (orphan.isAlive() && Files.exists(dataDir.resolve("postmaster.pid"))) {
                        if (System.nanoTime() > deadline) {
                            orphan.destroyForcibly();
                            break;
                        }
                        sleep(50);
                    }
                });
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Optional<Long> readPid(Path dataDir) {
        Path pidFile = dataDir.resolve("postmaster.pid");
        try {
            if (!Files.exists(pidFile)) {
                return Optional.empty();
            }
            List<String> lines = Files.readAllLines(pidFile, StandardCharsets.US_ASCII);
            return lines.isEmpty()
                    ? Optional.empty()
                    : Optional.of(Long.parseLong(lines.get(0).strip()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }
}
