package org.millrace.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.vertx.core.json.JsonObject;

/** Test helper: runs one e2e/ browser script with Node; its stdout's last JSON line is the summary. */
final class BrowserRun {
    /** The scripts' own hard timeouts are 60-90 s. */
    private static final Duration LIMIT = Duration.ofSeconds(120);

    private BrowserRun() {
    }

    /** The e2e/ scripts (system property {@code millrace.e2eDir}, else the repository's). */
    static Path e2eDir() {
        return Path.of(System.getProperty("millrace.e2eDir", "../e2e")).toAbsolutePath().normalize();
    }

    /** Where screenshots and logs of the browser runs go (system property {@code millrace.e2eArtifacts}), created. */
    static Path artifacts() throws Exception {
        return Files.createDirectories(Path.of(System.getProperty("millrace.e2eArtifacts", "target/e2e-artifacts")));
    }

    static JsonObject run(Path e2e, String script, String base, String target, Path screenshot) throws Exception {
        return run(e2e, script, base, target, screenshot, LIMIT);
    }

    static JsonObject run(Path e2e, String script, String base, String target, Path screenshot, Duration limit)
            throws Exception {
        assertThat(e2e.resolve("node_modules/playwright-core")).as("npm ci ran in e2e/").isDirectory();
        String name = script.replace(".mjs", "");
        Path out = screenshot.resolveSibling(name + ".out.log");
        Path err = screenshot.resolveSibling(name + ".err.log");
        Process node = new ProcessBuilder("node", e2e.resolve(script).toString(), base, target,
                screenshot.toAbsolutePath().toString())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        boolean exited = node.waitFor(limit.toSeconds(), TimeUnit.SECONDS);
        if (!exited) {
            node.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        assertThat(exited).as(script + " ended within " + limit + ": " + Files.readString(err)).isTrue();
        assertThat(node.exitValue()).as(script + ": " + Files.readString(err)).isZero();
        List<String> lines = Files.readAllLines(out).stream().filter(l -> l.startsWith("{")).toList();
        assertThat(lines).as("a JSON summary on stdout").isNotEmpty();
        assertThat(screenshot).isNotEmptyFile();
        return new JsonObject(lines.get(lines.size() - 1));
    }
}
