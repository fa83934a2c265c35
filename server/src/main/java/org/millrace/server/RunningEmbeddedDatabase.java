package org.millrace.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.millrace.core.config.DatabaseSettings;

/**
 * Finds the embedded PostgreSQL a running server has on a data directory, through its {@code postmaster.pid}
 * (line 1 the pid, line 4 the port), so an admin command can join it instead of starting a second one there.
 */
final class RunningEmbeddedDatabase {
    private RunningEmbeddedDatabase() {}

    static Optional<DatabaseSettings> find(Path dataDir) {
        Path pidFile = dataDir.resolve("postmaster.pid");
        try {
            if (!Files.exists(pidFile)) {
                return Optional.empty();
            }
            List<String> lines = Files.readAllLines(pidFile, StandardCharsets.US_ASCII);
            if (lines.size() < 4) {
                return Optional.empty();
            }
            long pid = Long.parseLong(lines.get(0).strip());
            int port = Integer.parseInt(lines.get(3).strip());
            boolean alive = ProcessHandle.of(pid)
                    .filter(ProcessHandle::isAlive)
                    .map(p -> p.info().command().orElse("").endsWith("postgres"))
                    .orElse(false);
            // The embedded server trusts loopback connections of its own user (initdb -A trust).
            return alive
                    ? Optional.of(new DatabaseSettings("127.0.0.1", port, "postgres", "postgres", null, 1))
                    : Optional.empty();
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }
}
