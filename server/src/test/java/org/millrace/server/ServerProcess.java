package org.millrace.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Test helper: the packaged jar started with a plain {@code java -jar} as the README says (ephemeral HTTP port, the
 * given data directory and extra environment), its output collected and scanned for the ready line.
 */
final class ServerProcess implements AutoCloseable {
    private static final Pattern READY = Pattern.compile("Millrace ready .*HTTP port (\\d+)");

    private final Process process;
    private final StringBuffer log = new StringBuffer();
    private final CompletableFuture<Integer> ready = new CompletableFuture<>();
    private int port;

    private ServerProcess(Process process) {
        this.process = process;
        Thread reader = new Thread(
                () -> {
                    try (BufferedReader out = new BufferedReader(
                            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                        String line;
                        while ((line = out.readLine()) != null) {
                            log.append(line).append('\n');
                            Matcher m = READY.matcher(line);
                            if (m.find()) {
                                ready.complete(Integer.parseInt(m.group(1)));
                            }
                        }
                    } catch (Exception ignored) {
                        // the process is gone
                    }
                    ready.completeExceptionally(new IllegalStateException("server exited before ready:\n" + log));
                },
                "server-output");
        reader.setDaemon(true);
        reader.start();
    }

    static ServerProcess start(Path data, Map<String, String> env) throws Exception {
        ServerProcess running = new ServerProcess(builder(data, env).start());
        running.port = running.ready.get(Duration.ofSeconds(90).toMillis(), TimeUnit.MILLISECONDS);
        return running;
    }

    /** Starts the jar expecting it to refuse: waits for its exit; the process, for its exit code and log. */
    static ServerProcess runToExit(Path data, Map<String, String> env) throws Exception {
        ServerProcess run = new ServerProcess(builder(data, env).start());
        assertThat(run.process.waitFor(60, TimeUnit.SECONDS))
                .as("exited within 60 s")
                .isTrue();
        run.ready.handle((port, failure) -> null).get(10, TimeUnit.SECONDS); // the output read to its end
        return run;
    }

    private static ProcessBuilder builder(Path data, Map<String, String> env) {
        Path jar = Path.of(System.getProperty("millrace.serverJar"));
        assertThat(jar).exists();
        ProcessBuilder builder = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString())
                .redirectErrorStream(true);
        builder.environment().put("MILLRACE_DATA_DIR", data.toString());
        builder.environment().put("MILLRACE_HTTP_PORT", "0");
        builder.environment().put("MILLRACE_SRT_PORT", "0");
        builder.environment().put("MILLRACE_HTTP_HOST", "127.0.0.1");
        builder.environment().putAll(env);
        return builder;
    }

    long pid() {
        return process.pid();
    }

    int port() {
        return port;
    }

    void stop() throws Exception {
        process.destroy(); // SIGTERM, as Ctrl-C or docker stop would
        assertThat(process.waitFor(30, TimeUnit.SECONDS))
                .as("stopped within 30 s")
                .isTrue();
    }

    /** SIGKILL: the process gets no chance to close anything, as in a crash or an OOM kill. */
    void kill() throws Exception {
        process.destroyForcibly();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("killed").isTrue();
    }

    int exitCode() {
        return process.exitValue();
    }

    String log() {
        return log.toString();
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
