package org.millrace.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Test helper: runs one e2e/ browser script with Node; its stdout's last JSON line is the summary. */
public final class BrowserRun {
    /** The scripts' own hard timeouts are 60-90 s. */
    private static final Duration LIMIT = Duration.ofSeconds(120);

    private BrowserRun() {}

    /** The e2e/ scripts (system property {@code millrace.e2eDir}, else the repository's). */
    public static Path e2eDir() {
        return Path.of(System.getProperty("millrace.e2eDir", "../e2e"))
                .toAbsolutePath()
                .normalize();
    }

    /** Where screenshots and logs of the browser runs go (system property {@code millrace.e2eArtifacts}), created. */
    public static Path artifacts() throws Exception {
        return Files.createDirectories(Path.of(System.getProperty("millrace.e2eArtifacts", "target/e2e-artifacts")));
    }

    public static JsonObject run(Path e2e, String script, String base, String target, Path screenshot)
            throws Exception {
        return run(e2e, script, base, target, screenshot, LIMIT);
    }

    static JsonObject run(Path e2e, String script, String base, String target, Path screenshot, Duration limit)
            throws Exception {
        return run(
                e2e,
                script,
                screenshot,
                limit,
                List.of(base, target, screenshot.toAbsolutePath().toString()));
    }

    /** Runs {@code node script arguments...}; the script writes {@code screenshot} (its logs go beside it). */
    public static JsonObject run(Path e2e, String script, Path screenshot, Duration limit, List<String> arguments)
            throws Exception {
        assertThat(e2e.resolve("node_modules/playwright-core"))
                .as("npm ci ran in e2e/")
                .isDirectory();
        String name = screenshot.getFileName().toString().replace(".png", "");
        Path out = screenshot.resolveSibling(name + ".out.log");
        Path err = screenshot.resolveSibling(name + ".err.log");
        List<String> command =
                new java.util.ArrayList<>(List.of("node", e2e.resolve(script).toString()));
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command);
        // The script's own hard timeout fires first, so a run that hangs still leaves its reason and trace.
        builder.environment()
                .put("E2E_TIMEOUT_MS", Long.toString(limit.minusSeconds(10).toMillis()));
        Process node =
                builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        boolean exited = node.waitFor(limit.toSeconds(), TimeUnit.SECONDS);
        if (!exited) {
            node.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        assertThat(exited)
                .as(script + " ended within " + limit + ": " + Files.readString(err))
                .isTrue();
        assertThat(node.exitValue()).as(script + ": " + Files.readString(err)).isZero();
        List<String> lines =
                Files.readAllLines(out).stream().filter(l -> l.startsWith("{")).toList();
        assertThat(lines).as("a JSON summary on stdout").isNotEmpty();
        assertThat(screenshot).isNotEmptyFile();
        return new JsonObject(lines.get(lines.size() - 1));
    }
}
