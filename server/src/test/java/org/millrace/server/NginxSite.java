package org.millrace.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Debian's nginx in the foreground as this user with nginx/millrace.conf.template filled in as envsubst would,
 * everything (prefix, temp paths, cache, logs) under one directory: the front and edge tests' nginx.
 */
final class NginxSite {
    private NginxSite() {}

    /**
     * Starts it on 127.0.0.1:{@code port} in front of {@code gateway} (host:port), serving the web app from
     * {@code webRoot}, and returns once it listens (10 s at most).
     *
     * @param accessLogFormat an nginx {@code log_format} body for {@code dir/access.log}, or null for nginx's own
     */
    static Process start(Path dir, Path webRoot, String gateway, int port, String accessLogFormat) throws Exception {
        String site = Files.readString(Path.of("../nginx/millrace.conf.template"))
                .replace("${MILLRACE_GATEWAY}", gateway)
                .replace("${MILLRACE_WEB_ROOT}", webRoot.toString())
                .replace("${MILLRACE_NGINX_PORT}", "127.0.0.1:" + port)
                .replace("${MILLRACE_NGINX_CACHE_DIR}", dir.resolve("cache").toString())
                .replace("${MILLRACE_NGINX_CACHE_MAX_SIZE}", "1g");
        assertThat(site).doesNotContain("${MILLRACE_");
        Files.writeString(dir.resolve("millrace.conf"), site);
        String temp = dir.toString();
        String accessLog = accessLogFormat == null
                ? "  access_log " + temp + "/access.log;"
                : "  log_format site '" + accessLogFormat + "';\n  access_log " + temp + "/access.log site;";
        Files.writeString(
                dir.resolve("nginx.conf"),
                String.join(
                        "\n",
                        "daemon off;",
                        "master_process off;",
                        "worker_processes 1;",
                        "pid " + temp + "/nginx.pid;",
                        "error_log " + temp + "/error.log warn;",
                        "events { worker_connections 512; }",
                        "http {",
                        "  include /etc/nginx/mime.types;",
                        "  default_type application/octet-stream;",
                        accessLog,
                        "  client_body_temp_path " + temp + "/body;",
                        "  proxy_temp_path " + temp + "/proxy;",
                        "  fastcgi_temp_path " + temp + "/fastcgi;",
                        "  uwsgi_temp_path " + temp + "/uwsgi;",
                        "  scgi_temp_path " + temp + "/scgi;",
                        "  include " + temp + "/millrace.conf;",
                        "}",
                        ""));
        String binary = Files.isExecutable(Path.of("/usr/sbin/nginx")) ? "/usr/sbin/nginx" : "nginx";
        Process nginx = new ProcessBuilder(binary, "-e", temp + "/error.log", "-p", temp, "-c", temp + "/nginx.conf")
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("nginx.out").toFile())
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try (Socket probe = new Socket("127.0.0.1", port)) {
                return nginx;
            } catch (IOException notYet) {
                assertThat(nginx.isAlive())
                        .as("nginx runs: " + Files.readString(dir.resolve("nginx.out"))
                                + readIfThere(dir.resolve("error.log")))
                        .isTrue();
                assertThat(System.nanoTime()).as("nginx listens").isLessThan(deadline);
                Thread.sleep(50);
            }
        }
    }

    private static String readIfThere(Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file) : "";
    }
}
