package org.millrace.server.cluster;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Debian's nginx with the project's own templates (nginx/), filled in as envsubst would: the HTTP site with every
 * gateway in its upstream and the SRT front (UDP {@code stream}) with every ingest node in its upstream; run in the
 * foreground as this user, everything under one directory. The access log names the upstream of each request.
 */
final class NginxFront implements AutoCloseable {
    /** The repository's nginx/ (deploy/nginx/ before it moved there). */
    private static final List<Path> TEMPLATE_DIRS = List.of(Path.of("../nginx"), Path.of("../deploy/nginx"));

    private static final String SRT_FRONT = "srt-front.conf.template";
    private static final String UPSTREAM = "upstream=";

    private final Process process;
    private final Path dir;
    private final int httpPort;
    private final int srtPort;

    private NginxFront(Process process, Path dir, int httpPort, int srtPort) {
        this.process = process;
        this.dir = dir;
        this.httpPort = httpPort;
        this.srtPort = srtPort;
    }

    /**
     * Starts nginx on {@code httpPort} (TCP) in front of {@code gateways} and, with {@code ingest} nodes and the
     * project's SRT front template, on {@code srtPort} (UDP) in front of them; all addresses {@code host:port}.
     */
    static NginxFront start(
            Path dir, Path webRoot, int httpPort, List<String> gateways, int srtPort, List<String> ingest)
            throws Exception {
        Files.createDirectories(dir);
        Path templates = TEMPLATE_DIRS.stream()
                .filter(d -> Files.isRegularFile(d.resolve("millrace.conf.template")))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no nginx/millrace.conf.template"));
        // One "server" line per gateway: the template's upstream holds "server ${MILLRACE_GATEWAY};".
        String site = fill(
                Files.readString(templates.resolve("millrace.conf.template")),
                Map.of(
                        "MILLRACE_GATEWAY", String.join(";\n    server ", gateways),
                        "MILLRACE_WEB_ROOT", webRoot.toString(),
                        "MILLRACE_NGINX_CACHE_DIR", dir.resolve("cache").toString(),
                        "MILLRACE_NGINX_CACHE_MAX_SIZE", "1g",
                        "MILLRACE_NGINX_PORT", "127.0.0.1:" + httpPort));
        Files.writeString(dir.resolve("millrace.conf"), site);
        String stream = "";
        boolean srtFront = !ingest.isEmpty() && Files.isRegularFile(templates.resolve(SRT_FRONT));
        if (srtFront) {
            Files.writeString(dir.resolve("srt-front.conf"), srtFront(templates, srtPort, ingest));
            stream = "stream { include " + dir + "/srt-front.conf; }";
        }
        String temp = dir.toString();
        Files.writeString(
                dir.resolve("nginx.conf"),
                String.join(
                        "\n",
                        "load_module /usr/lib/nginx/modules/ngx_stream_module.so;",
                        "daemon off;",
                        "master_process off;",
                        "worker_processes 1;",
                        "pid " + temp + "/nginx.pid;",
                        "error_log " + temp + "/error.log notice;",
                        "events { worker_connections 512; }",
                        "http {",
                        "  include /etc/nginx/mime.types;",
                        "  default_type application/octet-stream;",
                        "  log_format upstreams '$remote_addr \"$request\" $status upstream=$upstream_addr';",
                        "  access_log " + temp + "/access.log upstreams;",
                        "  client_body_temp_path " + temp + "/body;",
                        "  proxy_temp_path " + temp + "/proxy;",
                        "  fastcgi_temp_path " + temp + "/fastcgi;",
                        "  uwsgi_temp_path " + temp + "/uwsgi;",
                        "  scgi_temp_path " + temp + "/scgi;",
                        "  include " + temp + "/millrace.conf;",
                        "}",
                        stream,
                        ""));
        String binary = Files.isExecutable(Path.of("/usr/sbin/nginx")) ? "/usr/sbin/nginx" : "nginx";
        Process nginx = new ProcessBuilder(binary, "-e", temp + "/error.log", "-p", temp, "-c", temp + "/nginx.conf")
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("nginx.out").toFile())
                .start();
        NginxFront front = new NginxFront(nginx, dir, httpPort, srtFront ? srtPort : -1);
        front.awaitListening();
        return front;
    }

    /** nginx/srt-front.conf.template (a {@code stream} context's content) with the ingest nodes in its upstream. */
    private static String srtFront(Path templates, int srtPort, List<String> ingest) throws IOException {
        return fill(
                Files.readString(templates.resolve(SRT_FRONT)),
                Map.of(
                        "MILLRACE_SRT_NODES",
                        ingest.stream()
                                .map(n -> "server " + n + " max_fails=1 fail_timeout=10s;")
                                .collect(Collectors.joining(" ")),
                        "MILLRACE_SRT_FRONT_PORT",
                        "127.0.0.1:" + srtPort));
    }

    /**
     * {@code ${NAME}} replaced by its value outside comments (a value may span lines); a placeholder left over is an
     * error (the template changed).
     */
    static String fill(String template, Map<String, String> values) {
        String filled = template.lines()
                .map(line -> {
                    if (line.strip().startsWith("#")) {
                        return line;
                    }
                    String out = line;
                    for (Map.Entry<String, String> v : values.entrySet()) {
                        out = out.replace("${" + v.getKey() + "}", v.getValue());
                    }
                    return out;
                })
                .collect(Collectors.joining("\n", "", "\n"));
        List<String> left = filled.lines()
                .filter(l -> !l.strip().startsWith("#") && l.contains("${MILLRACE_"))
                .toList();
        if (!left.isEmpty()) {
            throw new IllegalStateException("unfilled placeholders: " + left);
        }
        return filled;
    }

    private void awaitListening() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try (Socket probe = new Socket("127.0.0.1", httpPort)) {
                return;
            } catch (IOException notYet) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    throw new IllegalStateException(
                            "nginx did not start: " + Files.readString(dir.resolve("nginx.out")) + errorLog());
                }
                Thread.sleep(50);
            }
        }
    }

    String baseUrl() {
        return "http://127.0.0.1:" + httpPort;
    }

    /** The SRT front's UDP port; fails when there is no front (no ingest nodes, or no template). */
    int srtPort() {
        if (srtPort < 0) {
            throw new IllegalStateException("nginx runs no SRT front: no ingest nodes or no nginx/" + SRT_FRONT);
        }
        return srtPort;
    }

    /**
     * The upstream ({@code host:port}) of each logged request starting with {@code request} (e.g. "POST
     * /api/auth/login"), oldest first. nginx writes a line once the answer is sent: the latest may lag a moment.
     */
    List<String> upstreamsOf(String request) throws IOException {
        Path log = dir.resolve("access.log");
        if (!Files.exists(log)) {
            return List.of();
        }
        return Files.readAllLines(log).stream()
                .filter(l -> l.contains("\"" + request))
                .map(l -> l.substring(l.lastIndexOf(UPSTREAM) + UPSTREAM.length()))
                .toList();
    }

    String errorLog() throws IOException {
        Path log = dir.resolve("error.log");
        return Files.exists(log) ? Files.readString(log) : "";
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
