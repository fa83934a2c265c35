package org.millrace.ingest.srt;

import java.io.IOException;
import java.net.DatagramSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's nginx running the project's nginx/srt-front.conf.template (stream module, UDP) in the foreground as this
 * user, everything under a temp dir, the template filled in as envsubst would.
 */
final class SrtFront implements AutoCloseable {
    private static final Path TEMPLATE = Path.of("../nginx/srt-front.conf.template");
    private static final Path MODULE = Path.of("/usr/lib/nginx/modules/ngx_stream_module.so");

    private final Process nginx;
    private final Path dir;
    final int port;

    private SrtFront(Process nginx, Path dir, int port) {
        this.nginx = nginx;
        this.dir = dir;
        this.port = port;
    }

    /** nginx in front of the SRT listeners on loopback {@code nodePorts}. */
    static SrtFront start(Path dir, List<Integer> nodePorts) throws Exception {
        Files.createDirectories(dir);
        int port = freeUdpPort();
        StringBuilder servers = new StringBuilder();
        for (int nodePort : nodePorts) {
            servers.append("server 127.0.0.1:").append(nodePort).append(" max_fails=1 fail_timeout=10s; ");
        }
        String front = Files.readString(TEMPLATE)
                .replace("${MILLRACE_SRT_FRONT_PORT}", "127.0.0.1:" + port)
                .replace("${MILLRACE_SRT_NODES}", servers.toString());
        if (front.contains("${")) {
            throw new AssertionError("a variable of the template is not filled in");
        }
        Files.writeString(dir.resolve("srt-front.conf"), front);
        Files.writeString(
                dir.resolve("nginx.conf"),
                String.join(
                        "\n",
                        "load_module " + MODULE + ";",
                        "daemon off;",
                        "worker_processes 1;",
                        "pid " + dir + "/nginx.pid;",
                        "error_log " + dir + "/error.log info;",
                        "events { worker_connections 256; }",
                        "stream {",
                        "  include " + dir + "/srt-front.conf;",
                        "}",
                        ""));
        String binary = Files.isExecutable(Path.of("/usr/sbin/nginx")) ? "/usr/sbin/nginx" : "nginx";
        Process nginx = new ProcessBuilder(
                        binary, "-e", dir + "/error.log", "-p", dir.toString(), "-c", dir + "/nginx.conf")
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("nginx.out").toFile())
                .start();
        // UDP has no connect to wait for: wait for the pid file nginx writes once it is set up.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!Files.exists(dir.resolve("nginx.pid"))) {
            if (!nginx.isAlive() || System.nanoTime() > deadline) {
                nginx.destroyForcibly();
                throw new AssertionError("nginx did not start: " + Files.readString(dir.resolve("nginx.out"))
                        + Files.readString(dir.resolve("error.log")));
            }
            Thread.sleep(50);
        }
        return new SrtFront(nginx, dir, port);
    }

    String errorLog() throws IOException {
        return Files.readString(dir.resolve("error.log"));
    }

    private static int freeUdpPort() throws IOException {
        try (DatagramSocket socket = new DatagramSocket(0, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() throws Exception {
        nginx.destroy();
        if (!nginx.waitFor(10, TimeUnit.SECONDS)) {
            nginx.destroyForcibly();
        }
    }
}
