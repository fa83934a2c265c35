package org.millrace.srt.bench;

import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
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
 * Benchmark (not a test): N srt-live-transmit callers, each fed MPEG-TS over UDP at a constant bitrate, publish
 * through a lossy relay into either our listener (in this JVM, its event-loop thread's CPU measured) or, as the
 * reference, one srt-live-transmit listener per caller (their process CPU measured). Run by bench/srt.sh.
 *
 * <p>Usage: {@code SrtLoadBench <millrace|libsrt|handshake|idle> callers mbps loss seconds latencyMs}
 */
public final class SrtLoadBench {
    private static final Map<String, AtomicLong> BYTES = new ConcurrentHashMap<>();
    private static final Map<String, SrtConnectionInfo> CONNECTIONS = new ConcurrentHashMap<>();

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        int callers = Integer.parseInt(args[1]);
        double mbps = Double.parseDouble(args[2]);
        double loss = Double.parseDouble(args[3]);
        int seconds = Integer.parseInt(args[4]);
        int latencyMs = Integer.parseInt(args[5]);
        Path ts = transportStream(mbps);
        switch (mode) {
            case "millrace" -> millrace(callers, mbps, loss, seconds, latencyMs, Files.readAllBytes(ts));
            case "libsrt" -> libsrt(callers, mbps, loss, seconds, latencyMs, Files.readAllBytes(ts));
            case "handshake" -> handshake(callers, Files.readAllBytes(ts));
            case "idle" -> idle(callers);
            case "fast" -> fast(mbps, seconds, latencyMs, Files.readAllBytes(ts));
            default -> throw new IllegalArgumentException(mode);
        }
        System.exit(0);
    }

    private static final class Counting implements StreamHandler {
        private final AtomicLong bytes = new AtomicLong();
        final CompletableFuture<Long> firstByteNanos = new CompletableFuture<>();

        @Override
        public void onOpen(SrtConnectionInfo connection) {
            CONNECTIONS.put(connection.streamId(), connection);
            BYTES.put(connection.streamId(), bytes);
        }

        @Override
        public void onData(ByteBuf payload) {
            if (bytes.getAndAdd(payload.readableBytes()) == 0) {
                firstByteNanos.complete(System.nanoTime());
            }
        }

        @Override
        public void onClose(CloseReason reason) {}
    }

    private static SrtListener listener(int latencyMs, Map<String, Counting> handlers) throws InterruptedException {
        // Every bench caller comes from 127.0.0.1: lift the per-source caps that would refuse a single host's crowd.
        return SrtListener.bind(
                SrtListenerConfig.defaults("127.0.0.1", 0)
                        .withLatency(Duration.ofMillis(latencyMs))
                        .withLimits(SrtListenerLimits.defaults().withPerSource(1000, 256, 1000)),
                request -> {
                    Counting handler = new Counting();
                    handlers.put(request.streamId(), handler);
                    return CompletableFuture.completedFuture(AcceptDecision.accept(null, handler));
                });
    }

    private static void millrace(int callers, double mbps, double loss, int seconds, int latencyMs, byte[] ts)
            throws Exception {
        Map<String, Counting> handlers = new ConcurrentHashMap<>();
        List<Process> processes = new ArrayList<>();
        List<LossyRelay> relays = new ArrayList<>();
        List<InetSocketAddress> inputs = new ArrayList<>();
        try (SrtListener listener = listener(latencyMs, handlers)) {
            for (int i = 0; i < callers; i++) {
                LossyRelay relay = new LossyRelay(listener.localAddress(), loss, 1000 + i);
                relays.add(relay);
                int in = freeUdpPort();
                inputs.add(new InetSocketAddress("127.0.0.1", in));
                processes.add(caller(in, relay.address(), "bench-" + i, latencyMs));
            }
            awaitConnections(callers);
            try (UdpPacer pacer = new UdpPacer(inputs, ts, (long) (mbps * 1_000_000))) {
                Thread.sleep(5000); // warm-up: JIT, buffers, rates settle
                Thread srtThread = thread("srt-listener");
                ThreadMXBean mx = ManagementFactory.getThreadMXBean();
                long cpu0 = mx.getThreadCpuTime(srtThread.getId());
                long bytes0 = totalBytes();
                long t0 = System.nanoTime();
                Thread.sleep(seconds * 1000L);
                long cpu1 = mx.getThreadCpuTime(srtThread.getId());
                long bytes1 = totalBytes();
                long t1 = System.nanoTime();
                double wall = (t1 - t0) / 1e9;
                System.out.printf(
                        "millrace: %d callers x %.1f Mbps, loss %.1f%%, latency %d ms, %d s measured%n",
                        callers, mbps, loss * 100, latencyMs, seconds);
                System.out.printf("  delivered %.1f Mbps in total%n", (bytes1 - bytes0) * 8 / wall / 1e6);
                System.out.printf(
                        "  SRT event-loop thread CPU: %.1f%% of one core%n", (cpu1 - cpu0) / 1e9 / wall * 100);
            }
            Thread.sleep(latencyMs * 3L); // let the last retransmissions land
            long lost = 0;
            long retransmitted = 0;
            long dropped = 0;
            for (SrtConnectionInfo c : CONNECTIONS.values()) {
                ReceiverStatistics s = c.statistics();
                lost += s.packetsLost();
                retransmitted += s.packetsRetransmitted();
                dropped += s.packetsDropped();
            }
            long relayDropped = relays.stream().mapToLong(LossyRelay::dropped).sum();
            System.out.printf(
                    "  relay dropped %d datagrams; receivers saw %d lost, %d retransmitted, %d unrecovered%n",
                    relayDropped, lost, retransmitted, dropped);
        } finally {
            processes.forEach(Process::destroy);
            for (LossyRelay r : relays) {
                r.close();
            }
        }
    }

    private static void libsrt(int callers, double mbps, double loss, int seconds, int latencyMs, byte[] ts)
            throws Exception {
        List<Process> listeners = new ArrayList<>();
        List<Process> processes = new ArrayList<>();
        List<LossyRelay> relays = new ArrayList<>();
        List<InetSocketAddress> inputs = new ArrayList<>();
        try {
            for (int i = 0; i < callers; i++) {
                int port = freeUdpPort();
                listeners.add(new ProcessBuilder(
                                "srt-live-transmit",
                                "-a:no",
                                "-ll:error",
                                "srt://127.0.0.1:" + port + "?mode=listener&latency=" + latencyMs,
                                "file://con")
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .redirectErrorStream(false)
                        .start());
                LossyRelay relay = new LossyRelay(new InetSocketAddress("127.0.0.1", port), loss, 1000 + i);
                relays.add(relay);
                int in = freeUdpPort();
                inputs.add(new InetSocketAddress("127.0.0.1", in));
            }
            Thread.sleep(500);
            for (int i = 0; i < callers; i++) {
                processes.add(caller(inputs.get(i).getPort(), relays.get(i).address(), "bench-" + i, latencyMs));
            }
            Thread.sleep(1500);
            try (UdpPacer pacer = new UdpPacer(inputs, ts, (long) (mbps * 1_000_000))) {
                Thread.sleep(5000);
                long cpu0 = cpuTicks(listeners);
                long t0 = System.nanoTime();
                Thread.sleep(seconds * 1000L);
                long cpu1 = cpuTicks(listeners);
                double wall = (System.nanoTime() - t0) / 1e9;
                System.out.printf(
                        "libsrt reference: %d srt-live-transmit listeners, %d callers x %.1f Mbps, loss %.1f%%%n",
                        callers, callers, mbps, loss * 100);
                System.out.printf(
                        "  listener processes CPU: %.1f%% of one core (sum)%n", (cpu1 - cpu0) / 100.0 / wall * 100);
            }
        } finally {
            processes.forEach(Process::destroy);
            listeners.forEach(Process::destroy);
            for (LossyRelay r : relays) {
                r.close();
            }
        }
    }

    private static void handshake(int rounds, byte[] ts) throws Exception {
        Map<String, Counting> handlers = new ConcurrentHashMap<>();
        try (SrtListener listener = listener(0, handlers)) {
            List<Double> millis = new ArrayList<>();
            for (int i = 0; i < rounds; i++) {
                int in = freeUdpPort();
                try (UdpPacer pacer = new UdpPacer(List.of(new InetSocketAddress("127.0.0.1", in)), ts, 2_000_000)) {
                    long t0 = System.nanoTime();
                    Process p = caller(in, listener.localAddress(), "hs-" + i, 0);
                    try {
                        while (!handlers.containsKey("hs-" + i)) {
                            Thread.sleep(1);
                        }
                        long first = handlers.get("hs-" + i).firstByteNanos.get();
                        millis.add((first - t0) / 1e6);
                    } finally {
                        p.destroy();
                        p.waitFor();
                    }
                }
            }
            millis.sort(Double::compare);
            System.out.printf(
                    "handshake-to-first-byte (caller process start -> first payload delivered, latency 0):"
                            + " median %.1f ms, max %.1f ms over %d rounds%n",
                    millis.get(millis.size() / 2), millis.get(millis.size() - 1), rounds);
        }
    }

    /**
     * One in-JVM libsrt 1.5.4 caller (javacv's FFmpeg, avio on srt://) writing at {@code mbps} straight to the
     * listener: no relay and no external process between them, so the source is not what limits the rate.
     */
    private static void fast(double mbps, int seconds, int latencyMs, byte[] ts) throws Exception {
        Map<String, Counting> handlers = new ConcurrentHashMap<>();
        int chunk = 1316;
        try (SrtListener listener = listener(latencyMs, handlers)) {
            org.bytedeco.ffmpeg.global.avutil.av_log_set_level(org.bytedeco.ffmpeg.global.avutil.AV_LOG_ERROR);
            org.bytedeco.ffmpeg.global.avformat.avformat_network_init();
            org.bytedeco.ffmpeg.avformat.AVIOContext io = new org.bytedeco.ffmpeg.avformat.AVIOContext(null);
            String url = "srt://127.0.0.1:" + listener.localAddress().getPort() + "?streamid=fast&latency="
                    + latencyMs * 1000 + "&payload_size=" + chunk + "&sndbuf=67108864";
            if (org.bytedeco.ffmpeg.global.avformat.avio_open2(
                            io, url, org.bytedeco.ffmpeg.global.avformat.AVIO_FLAG_WRITE, null, null)
                    < 0) {
                throw new IllegalStateException("avio_open2 failed");
            }
            int chunks = ts.length / chunk;
            long intervalNanos = (long) (chunk * 8 * 1e9 / (mbps * 1e6));
            byte[][] pieces = new byte[chunks][];
            for (int i = 0; i < chunks; i++) {
                pieces[i] = java.util.Arrays.copyOfRange(ts, i * chunk, (i + 1) * chunk);
            }
            Thread srtThread = thread("srt-listener");
            ThreadMXBean mx = ManagementFactory.getThreadMXBean();
            long warmupEnd = System.nanoTime() + 3_000_000_000L;
            long end = warmupEnd + seconds * 1_000_000_000L;
            long next = System.nanoTime();
            long cpu0 = -1;
            long bytes0 = 0;
            long t0 = 0;
            int index = 0;
            while (System.nanoTime() < end) {
                if (cpu0 < 0 && System.nanoTime() >= warmupEnd) {
                    cpu0 = mx.getThreadCpuTime(srtThread.getId());
                    bytes0 = totalBytes();
                    t0 = System.nanoTime();
                }
                long wait = next - System.nanoTime();
                if (wait > 20_000) {
                    java.util.concurrent.locks.LockSupport.parkNanos(wait);
                }
                org.bytedeco.ffmpeg.global.avformat.avio_write(io, pieces[index], chunk);
                org.bytedeco.ffmpeg.global.avformat.avio_flush(io);
                index = (index + 1) % chunks;
                next += intervalNanos;
            }
            long cpu1 = mx.getThreadCpuTime(srtThread.getId());
            long bytes1 = totalBytes();
            double wall = (System.nanoTime() - t0) / 1e9;
            Thread.sleep(latencyMs * 3L);
            ReceiverStatistics stats = CONNECTIONS.get("fast").statistics();
            System.out.printf(
                    "fast: 1 in-JVM libsrt 1.5.4 caller asked for %.0f Mbps, latency %d ms, %d s measured%n",
                    mbps, latencyMs, seconds);
            System.out.printf(
                    "  delivered %.1f Mbps; SRT event-loop thread CPU %.1f%% of one core%n",
                    (bytes1 - bytes0) * 8 / wall / 1e6, (cpu1 - cpu0) / 1e9 / wall * 100);
            System.out.printf(
                    "  receiver: %d lost, %d retransmitted, %d unrecovered, %d received%n",
                    stats.packetsLost(), stats.packetsRetransmitted(), stats.packetsDropped(), stats.packetsReceived());
            org.bytedeco.ffmpeg.global.avformat.avio_closep(io);
        }
    }

    private static void idle(int callers) throws Exception {
        Map<String, Counting> handlers = new ConcurrentHashMap<>();
        List<Process> processes = new ArrayList<>();
        try (SrtListener listener = listener(120, handlers)) {
            long before = usedHeapAfterGc();
            for (int i = 0; i < callers; i++) {
                processes.add(caller(freeUdpPort(), listener.localAddress(), "idle-" + i, 120));
            }
            awaitConnections(callers);
            Thread.sleep(2000);
            long after = usedHeapAfterGc();
            System.out.printf(
                    "idle connections: %d; heap per connection: %.0f KiB%n",
                    callers, (after - before) / 1024.0 / callers);
        } finally {
            processes.forEach(Process::destroy);
        }
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }

    static Process caller(int udpIn, InetSocketAddress to, String streamId, int latencyMs) throws IOException {
        return new ProcessBuilder(
                        "srt-live-transmit",
                        "-a:no",
                        "-ll:error",
                        "udp://127.0.0.1:" + udpIn,
                        "srt://" + to.getHostString() + ":" + to.getPort() + "?streamid=" + streamId + "&latency="
                                + latencyMs)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectErrorStream(true)
                .start();
    }

    private static void awaitConnections(int n) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (CONNECTIONS.size() < n && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        if (CONNECTIONS.size() < n) {
            throw new IllegalStateException("only " + CONNECTIONS.size() + " of " + n + " callers connected");
        }
    }

    private static long totalBytes() {
        return BYTES.values().stream().mapToLong(AtomicLong::get).sum();
    }

    private static Thread thread(String prefix) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith(prefix))
                .findFirst()
                .orElseThrow();
    }

    static long cpuTicks(List<Process> processes) throws IOException {
        long ticks = 0;
        for (Process p : processes) {
            String stat = Files.readString(Path.of("/proc/" + p.pid() + "/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime
        }
        return ticks;
    }

    static int freeUdpPort() throws IOException {
        try (DatagramSocket probe = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }

    static Path transportStream(double mbps) throws Exception {
        Path out = Path.of(System.getProperty("java.io.tmpdir"), "millrace-bench-" + (int) mbps + "mbps.ts");
        if (!Files.exists(out)) {
            String rate = Math.max(1, (int) (mbps * 0.9)) + "M";
            Process p = new ProcessBuilder(
                            "ffmpeg",
                            "-hide_banner",
                            "-loglevel",
                            "error",
                            "-y",
                            "-f",
                            "lavfi",
                            "-i",
                            "testsrc2=size=1280x720:rate=30",
                            "-f",
                            "lavfi",
                            "-i",
                            "sine=frequency=440:sample_rate=48000",
                            "-t",
                            "10",
                            "-c:v",
                            "libx264",
                            "-preset",
                            "ultrafast",
                            "-b:v",
                            rate,
                            "-maxrate",
                            rate,
                            "-bufsize",
                            rate,
                            "-g",
                            "60",
                            "-c:a",
                            "aac",
                            "-f",
                            "mpegts",
                            out.toString())
                    .redirectErrorStream(true)
                    .start();
            p.getInputStream().readAllBytes();
            if (p.waitFor() != 0) {
                throw new IllegalStateException("ffmpeg could not make the benchmark stream");
            }
        }
        return out;
    }
}
