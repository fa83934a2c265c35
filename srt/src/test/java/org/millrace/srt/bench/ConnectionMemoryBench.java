package org.millrace.srt.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import io.netty.util.internal.PlatformDependent;
import java.io.IOException;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
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
 * Benchmark (not a test): heap and direct memory of the listener with N idle srt-live-transmit callers (connected,
 * sending nothing), then with M of them fed a TS over UDP at a constant bitrate, with the default configuration
 * (receive latency 120 ms, callers asking {@code latencyMs}). The reference is the same JVM with the listener bound
 * and no connection, measured first. Heap is measured after GC; direct memory as Netty's allocator and the JDK count
 * it; "held" is what the listener's buffer budget accounts for (2 KiB per buffered packet).
 *
 * <p>Usage: {@code ConnectionMemoryBench idle active mbps latencyMs seconds}
 */
public final class ConnectionMemoryBench {
    private static final Map<String, SrtConnectionInfo> CONNECTIONS = new ConcurrentHashMap<>();
    private static final AtomicLong BYTES = new AtomicLong();

    public static void main(String[] args) throws Exception {
        int idle = Integer.parseInt(args[0]);
        int active = Integer.parseInt(args[1]);
        double mbps = Double.parseDouble(args[2]);
        int latencyMs = Integer.parseInt(args[3]);
        int seconds = Integer.parseInt(args[4]);
        byte[] ts = Files.readAllBytes(transportStream(mbps));
        List<Process> callers = new ArrayList<>();
        try (SrtListener listener = SrtListener.bind(
                SrtListenerConfig.defaults("127.0.0.1", 0)
                        // Every caller comes from loopback: lift the per-source limits meant for hostile sources.
                        .withLimits(SrtListenerLimits.defaults().withPerSource(1000, 256, 1000)),
                request -> CompletableFuture.completedFuture(AcceptDecision.accept(null, new Counting())))) {
            Thread.sleep(1000);
            Memory base = Memory.now(listener);
            System.out.printf("reference, listener bound, no connection: %s%n", base);
            for (int i = 0; i < idle; i++) {
                callers.add(caller(freeUdpPort(), listener.localAddress(), "idle-" + i, latencyMs));
            }
            await(idle);
            Thread.sleep(2000);
            Memory idleMemory = Memory.now(listener);
            System.out.printf(
                    "%d idle connections: %s; per connection: heap %.1f KiB, direct %.1f KiB%n",
                    idle,
                    idleMemory,
                    (idleMemory.heap - base.heap) / 1024.0 / idle,
                    (idleMemory.nettyDirect - base.nettyDirect) / 1024.0 / idle);
            List<InetSocketAddress> inputs = new ArrayList<>();
            for (int i = 0; i < active; i++) {
                int in = freeUdpPort();
                inputs.add(new InetSocketAddress("127.0.0.1", in));
                callers.add(caller(in, listener.localAddress(), "active-" + i, latencyMs));
            }
            await(idle + active);
            try (UdpPacer pacer = new UdpPacer(inputs, ts, (long) (mbps * 1_000_000))) {
                Thread.sleep(3000);
                long bytes0 = BYTES.get();
                long t0 = System.nanoTime();
                long maxHeld = 0;
                long maxBuffered = 0;
                long end = t0 + seconds * 1_000_000_000L;
                while (System.nanoTime() < end) {
                    Thread.sleep(250);
                    maxHeld = Math.max(maxHeld, listener.bufferBudget().usedBytes());
                    maxBuffered = Math.max(
                            maxBuffered,
                            CONNECTIONS.values().stream()
                                    .mapToLong(c -> c.statistics().bufferedPackets())
                                    .sum());
                }
                double rate = (BYTES.get() - bytes0) * 8 / ((System.nanoTime() - t0) / 1e9) / 1e6;
                Memory busy = Memory.now(listener);
                long dropped = CONNECTIONS.values().stream()
                        .map(SrtConnectionInfo::statistics)
                        .mapToLong(ReceiverStatistics::packetsDropped)
                        .sum();
                System.out.printf(
                        "%d idle + %d active at %.1f Mbit/s (delivered %.1f Mbit/s in total, %d dropped): %s;"
                                + " buffered at most %d packets, budget held at most %.1f MiB (peak %.1f MiB)%n",
                        idle,
                        active,
                        mbps,
                        rate,
                        dropped,
                        busy,
                        maxBuffered,
                        maxHeld / 1048576.0,
                        listener.bufferBudget().peakBytes() / 1048576.0);
                System.out.printf(
                        "  per active connection over the idle state: heap %.1f KiB, direct %.1f KiB%n",
                        (busy.heap - idleMemory.heap) / 1024.0 / Math.max(1, active),
                        (busy.nettyDirect - idleMemory.nettyDirect) / 1024.0 / Math.max(1, active));
            }
        } finally {
            callers.forEach(Process::destroy);
        }
        System.exit(0);
    }

    private record Memory(long heap, long nettyDirect, long jdkDirect, long held) {
        static Memory now(SrtListener listener) throws InterruptedException {
            for (int i = 0; i < 3; i++) {
                System.gc();
                Thread.sleep(200);
            }
            Runtime rt = Runtime.getRuntime();
            long netty = ((ByteBufAllocatorMetricProvider) ByteBufAllocator.DEFAULT)
                    .metric()
                    .usedDirectMemory();
            long jdk = ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
                    .filter(b -> b.getName().equals("direct"))
                    .mapToLong(BufferPoolMXBean::getMemoryUsed)
                    .sum();
            return new Memory(
                    rt.totalMemory() - rt.freeMemory(),
                    Math.max(netty, PlatformDependent.usedDirectMemory()),
                    jdk,
                    listener.bufferBudget().usedBytes());
        }

        @Override
        public String toString() {
            return String.format(
                    "heap %.1f MiB, direct %.1f MiB (Netty) + %.1f MiB (JDK), held in receive buffers" + " %.2f MiB",
                    heap / 1048576.0, nettyDirect / 1048576.0, jdkDirect / 1048576.0, held / 1048576.0);
        }
    }

    private static final class Counting implements StreamHandler {
        @Override
        public void onOpen(SrtConnectionInfo connection) {
            CONNECTIONS.put(connection.streamId(), connection);
        }

        @Override
        public void onData(ByteBuf payload) {
            BYTES.addAndGet(payload.readableBytes());
        }

        @Override
        public void onClose(CloseReason reason) {}
    }

    private static void await(int n) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (CONNECTIONS.size() < n && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        if (CONNECTIONS.size() < n) {
            throw new IllegalStateException("only " + CONNECTIONS.size() + " of " + n + " callers connected");
        }
    }

    private static Process caller(int udpIn, InetSocketAddress to, String streamId, int latencyMs) throws IOException {
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

    private static int freeUdpPort() throws IOException {
        try (DatagramSocket probe = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }

    private static Path transportStream(double mbps) throws Exception {
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
