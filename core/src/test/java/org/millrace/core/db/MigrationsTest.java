package org.millrace.core.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.millrace.core.config.DatabaseSettings;

class MigrationsTest {
    @TempDir
    Path data;

    @Test
    void appliedOnAnEmptyDatabaseIdempotentAndKeptAcrossRestart() throws Exception {
        Path dir = data.resolve("postgres");
        Instant created;
        long firstPid;
        try (EmbeddedDatabase db = EmbeddedDatabase.start(dir)) {
            DatabaseSettings settings = db.settings(2);
            assertThat(tables(settings)).doesNotContain("millrace_instance");
            assertThat(Migrations.apply(settings, "core")).isEqualTo(1);
            assertThat(tables(settings)).contains("millrace_instance", "schema_history_core");
            assertThat(Migrations.apply(settings, "core")).isZero();
            created = createdAt(settings);
            firstPid = db.serverPid().orElseThrow();
        }
        assertThat(exits(firstPid)).as("postmaster stopped on close").isTrue();

        try (EmbeddedDatabase again = EmbeddedDatabase.start(dir)) {
            DatabaseSettings settings = again.settings(2);
            assertThat(Migrations.apply(settings, "core")).isZero();
            assertThat(createdAt(settings)).isEqualTo(created);
        }
    }

    @Test
    void anOrphanedServerFromAKilledProcessIsStoppedAndTheDataReused() throws Exception {
        Path dir = data.resolve("postgres");
        Process child = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        OrphanedDatabaseProcess.class.getName(),
                        dir.toString())
                .redirectErrorStream(true)
                .start();
        long orphanPid;
        try (java.io.BufferedReader out = new java.io.BufferedReader(
                new java.io.InputStreamReader(child.getInputStream(), java.nio.charset.StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null && !line.startsWith("READY ")) {
                // skip the child's log lines
            }
            assertThat(line).as("child started its database").isNotNull();
            orphanPid = Long.parseLong(line.substring(6).strip());
            child.destroyForcibly().waitFor(); // SIGKILL: no shutdown hook runs
        }
        assertThat(ProcessHandle.of(orphanPid).map(ProcessHandle::isAlive))
                .as("orphan still running")
                .contains(true);

        try (EmbeddedDatabase second = EmbeddedDatabase.start(dir)) {
            assertThat(exits(orphanPid)).isTrue();
            assertThat(Migrations.apply(second.settings(1), "core")).isZero();
            assertThat(createdAt(second.settings(1))).isNotNull();
        }
    }

    /** Whether the process is gone within a few seconds (a stopped postmaster takes a moment to exit). */
    private static boolean exits(long pid) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            Optional<ProcessHandle> handle = ProcessHandle.of(pid);
            if (handle.isEmpty() || !handle.get().isAlive()) {
                return true;
            }
            Thread.sleep(50);
        }
        return false;
    }

    @Test
    void anUnknownModuleHasNoMigrationsAndSaysSo() {
        try (EmbeddedDatabase db = EmbeddedDatabase.start(data.resolve("pg"))) {
            assertThatThrownBy(() -> Migrations.apply(db.settings(1), "nosuchmodule"))
                    .isInstanceOf(DatabaseException.class)
                    .hasMessageContaining("nosuchmodule");
        }
    }

    private static java.util.List<String> tables(DatabaseSettings db) throws Exception {
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")) {
            java.util.List<String> names = new java.util.ArrayList<>();
            while (rs.next()) {
                names.add(rs.getString(1));
            }
            return names;
        }
    }

    private static Instant createdAt(DatabaseSettings db) throws Exception {
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT created_at FROM millrace_instance")) {
            assertThat(rs.next()).isTrue();
            return rs.getTimestamp(1).toInstant();
        }
    }
}
