package org.millrace.srt.bench;

import io.netty.buffer.ByteBuf;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.millrace.srt.handshake.AcceptDecision;
import org.millrace.srt.listener.SrtListener;
import org.millrace.srt.listener.SrtListenerConfig;
import org.millrace.srt.listener.SrtListenerLimits;
import org.millrace.srt.receiver.ReceiverStatistics;
import org.millrace.srt.stream.CloseReason;
import org.millrace.srt.stream.SrtConnectionInfo;
import org.millrace.srt.stream.StreamHandler;

/**
 * Benchmark (not a test): SRT through the project's UDP front (nginx/srt-front.conf.template in Debian's nginx,
 * one worker) against the same callers straight to the listener, in one run. N srt-live-transmit callers, each fed
 * MPEG-TS over UDP at a constant bitrate, publish into our listener in this JVM, first directly, then through nginx.
 * Reports delivered throughput, the listener's smoothed RTT (the front's added latency), handshake-to-open time,
 * loss and retransmissions, and nginx's CPU. Run by bench/srt-front.sh from the repository root.
 *
 * <p>Usage: {@code SrtFrontBench callers mbps seconds latencyMs}
 */
public final class SrtFrontBench {
    private static final Map<String, Counting> OPEN = new ConcurrentHashMap<>();
    private static final Map<String, Long> STARTED = new ConcurrentHashMap<>();

    private static final class Counting implements StreamHandler {
        final AtomicLong bytes = new AtomicLong();
        volatile SrtConnectionInfo connection;
        volatile long openedNanos;

        @Override
        public void onOpen(SrtConnectionInfo info) {
            connection = info;
            openedNanos = System.nanoTime();
            OPEN.put(info.streamId(), this);
        }

        @Override
        public void onData(ByteBuf payload) {
            bytes.addAndGet(payload.readableBytes());
        }

        @Override
        public void onClose(CloseReason reason) {}
    }

    public static void main(String[] args) throws Exception {
        int callers = Integer.parseInt(args[0]);
        double mbps = Double.parseDouble(args[1]);
        int seconds = Integer.parseInt(args[2]);
        int latencyMs = Integer.parseInt(args[3]);
        byte[] ts = Files.readAllBytes(SrtLoadBench.transportStream(mbps));
        try (SrtListener listener = SrtListener.bind(
                SrtListenerConfig.defaults("127.0.0.1", 0)
                        .withLatency(Duration.ofMillis(latencyMs))
                        .withLimits(SrtListenerLimits.defaults().withPerSource(1000, 256, 1000)),
                request -> CompletableFuture.completedFuture(AcceptDecision.accept(null, new Counting())))) {
            Path dir = Files.createTempDirectory("millrace-srt-front-bench");
            int frontPort = SrtLoadBench.freeUdpPort();
            Process nginx = nginx(dir, frontPort, listener.localAddress().getPort());
            try {
                System.out.printf(
                        "%d srt-live-transmit callers x %.1f Mbps, latency %d ms, %d s measured each%n",
                        callers, mbps, latencyMs, seconds);
                run("direct", listener.localAddress(), callers, mbps, seconds, latencyMs, ts, null);
                run(
                        "front ",
                        new InetSocketAddress("127.0.0.1", frontPort),
                        callers,
                        mbps,
                        seconds,
                        latencyMs,
                        ts,
                        nginx);
            } finally {
                nginx.destroy();
                nginx.waitFor(5, TimeUnit.SECONDS);
            }
        }
        System.exit(0);
    }

    private static void run(
            String mode,
            InetSocketAddress target,
            int callers,
            double mbps,
            int seconds,
            int latencyMs,
            byte[] ts,
            Process nginx)
            throws Exception {
        List<Process> processes = new ArrayList<>();
        List<InetSocketAddress> inputs = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        try {
            for (int i = 0; i < callers; i++) {
                int in = SrtLoadBench.freeUdpPort();
                inputs.add(new InetSocketAddress("127.0.0.1", in));
                String id = mode.strip() + "-" + i;
                ids.add(id);
                STARTED.put(id, System.nanoTime());
                processes.add(SrtLoadBench.caller(in, target, id, latencyMs));
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!OPEN.keySet().containsAll(ids)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(mode + ": not every caller connected");
                }
                Thread.sleep(10);
            }
            double openMs = ids.stream()
                    .mapToDouble(id -> (OPEN.get(id).openedNanos - STARTED.get(id)) / 1e6)
                    .average()
                    .orElse(0);
            try (UdpPacer pacer = new UdpPacer(inputs, ts, (long) (mbps * 1_000_000))) {
                Thread.sleep(3000); // warm-up
                long bytes0 = bytes(ids);
                long cpu0 = nginx == null ? 0 : SrtLoadBench.cpuTicks(List.of(nginx));
                long t0 = System.nanoTime();
                Thread.sleep(seconds * 1000L);
                double wall = (System.nanoTime() - t0) / 1e9;
                long bytes1 = bytes(ids);
                long cpu1 = nginx == null ? 0 : SrtLoadBench.cpuTicks(List.of(nginx));
                double rtt = 0;
                long lost = 0;
                long retransmitted = 0;
                for (String id : ids) {
                    ReceiverStatistics s = OPEN.get(id).connection.statistics();
                    rtt += s.rttMillis() / ids.size();
                    lost += s.packetsLost();
                    retransmitted += s.packetsRetransmitted();
                }
                System.out.printf(
                        "%s: delivered %.1f Mbps; RTT %.2f ms; handshake-to-open %.1f ms; lost %d, "
                                + "retransmitted %d%s%n",
                        mode,
                        (bytes1 - bytes0) * 8 / wall / 1e6,
                        rtt,
                        openMs,
                        lost,
                        retransmitted,
                        nginx == null
                                ? ""
                                : String.format("; nginx CPU %.1f%% of one core", (cpu1 - cpu0) / 100.0 / wall * 100));
            }
        } finally {
            processes.forEach(Process::destroy);
            for (Process p : processes) {
                p.waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    private static long bytes(List<String> ids) {
        return ids.stream().mapToLong(id -> OPEN.get(id).bytes.get()).sum();
    }

    /** nginx as one process (no worker), running the template with the listener as the only node. */
    private static Process nginx(Path dir, int port, int nodePort) throws Exception {
        String front = Files.readString(Path.of("nginx/srt-front.conf.template"))
                .replace("${MILLRACE_SRT_FRONT_PORT}", "127.0.0.1:" + port)
                .replace("${MILLRACE_SRT_NODES}", "server 127.0.0.1:" + nodePort + " max_fails=1 fail_timeout=10s;");
        Files.writeString(dir.resolve("srt-front.conf"), front);
        Files.writeString(
                dir.resolve("nginx.conf"),
                String.join(
                        "\n",
                        "load_module /usr/lib/nginx/modules/ngx_stream_module.so;",
                        "daemon off;",
                        "master_process off;",
                        "pid " + dir + "/nginx.pid;",
                        "error_log " + dir + "/error.log warn;",
                        "events { worker_connections 1024; }",
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
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!Files.exists(dir.resolve("nginx.pid"))) {
            if (!nginx.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("nginx did not start: " + Files.readString(dir.resolve("nginx.out")));
            }
            Thread.sleep(50);
        }
        return nginx;
    }
}
