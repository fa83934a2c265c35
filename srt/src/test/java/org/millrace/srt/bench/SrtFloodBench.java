package org.millrace.srt.bench;

import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.millrace.srt.handshake.AcceptDecision;
import org.millrace.srt.handshake.RejectReason;
import org.millrace.srt.listener.ListenerCounters;
import org.millrace.srt.listener.SrtListener;
import org.millrace.srt.listener.SrtListenerConfig;
import org.millrace.srt.packet.HandshakePacket;
import org.millrace.srt.packet.ShutdownPacket;
import org.millrace.srt.peer.RawSrtCaller;
import org.millrace.srt.receiver.ReceiverStatistics;
import org.millrace.srt.stream.CloseReason;
import org.millrace.srt.stream.SrtConnectionInfo;
import org.millrace.srt.stream.StreamHandler;

/**
 * Benchmark (not a test): what one hostile client's flood costs everyone else. A victim publisher (srt-live-transmit,
 * encrypted, fed 4 Mbps of MPEG-TS over UDP) streams into our listener while probe callers from other addresses
 * handshake every 50 ms, and from 127.0.0.1 a flooder sends, for the measured seconds, one of: in-band KMREQs on an
 * encrypted connection it opened properly ({@code km}), conclusions with a valid cookie and a new socket id each
 * ({@code conclusion}), the same with its own valid stream id and key material, each accepted unless refused, each
 * needing a key derivation ({@code conclusion-km}), or garbage ({@code garbage}: random bytes, bad-cookie conclusions, packets for unknown
 * sockets); {@code none} is the quiet reference. Prints the listener thread's CPU (and the key-derivation threads'),
 * the probes' handshake latency (p50/p99/max, timeouts after 3 s as libsrt's connect timeout) and the victim's
 * losses. Uses only API that predates the flood fixes, so the same file runs against the old code.
 *
 * <p>Usage: {@code SrtFloodBench <km|conclusion|conclusion-km|garbage|none> seconds packetsPerSecond}
 */
public final class SrtFloodBench {
    private static final String VICTIM = "publish:victim";
    private static final String ATTACKER = "publish:attacker";
    private static final String PROBE = "publish:probe";
    private static final String VICTIM_PASSPHRASE = "victim-passphrase-0123";
    private static final String ATTACKER_PASSPHRASE = "attacker-passphrase-0123";
    private static final int PROBE_TIMEOUT_MILLIS = 3000;

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        int seconds = Integer.parseInt(args[1]);
        int rate = Integer.parseInt(args[2]);
        AtomicReference<SrtConnectionInfo> victim = new AtomicReference<>();
        SrtListener listener = SrtListener.bind(
                SrtListenerConfig.defaults("127.0.0.1", 0),
                request -> CompletableFuture.completedFuture(
                        switch (request.streamId()) {
                            case VICTIM -> AcceptDecision.accept(VICTIM_PASSPHRASE, new Discard(victim));
                            case ATTACKER ->
                                AcceptDecision.accept(ATTACKER_PASSPHRASE, new Discard(new AtomicReference<>()));
                            case PROBE -> AcceptDecision.accept(null, new Discard(new AtomicReference<>()));
                            default -> AcceptDecision.reject(RejectReason.NOT_FOUND);
                        }));
        int udpIn = freeUdpPort();
        Process publisher = new ProcessBuilder(
                        "srt-live-transmit",
                        "-a:no",
                        "-ll:error",
                        "udp://127.0.0.1:" + udpIn,
                        "srt://127.0.0.1:" + listener.localAddress().getPort() + "?streamid=" + VICTIM + "&passphrase="
                                + VICTIM_PASSPHRASE + "&pbkeylen=16&latency=200")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectErrorStream(true)
                .start();
        try (UdpPacer pacer = new UdpPacer(
                List.of(new InetSocketAddress("127.0.0.1", udpIn)), Files.readAllBytes(transportStream()), 4_000_000)) {
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (victim.get() == null && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            if (victim.get() == null) {
                throw new IllegalStateException("the victim publisher did not connect");
            }
            Flood flood = new Flood(mode, listener.localAddress(), rate, seconds);
            flood.warmUp();
            Thread.sleep(2000);
            ReceiverStatistics before = victim.get().statistics();
            ThreadMXBean mx = ManagementFactory.getThreadMXBean();
            Map<Long, Long> cpu0 = cpuByThread(mx);
            long t0 = System.nanoTime();
            Thread flooder = new Thread(flood, "flooder");
            flooder.start();
            List<Double> probes = probe(listener.localAddress(), flooder);
            flooder.join();
            double wall = (System.nanoTime() - t0) / 1e9;
            Map<Long, Long> cpu1 = cpuByThread(mx);
            Thread.sleep(1000); // the victim's late packets are due within its latency
            ReceiverStatistics after = victim.get().statistics();
            report(mode, flood, wall, cpu0, cpu1, probes, before, after, listener.counters());
        } finally {
            publisher.destroy();
            listener.close();
        }
        System.exit(0);
    }

    private static void report(
            String mode,
            Flood flood,
            double wall,
            Map<Long, Long> cpu0,
            Map<Long, Long> cpu1,
            List<Double> probes,
            ReceiverStatistics before,
            ReceiverStatistics after,
            ListenerCounters counters) {
        double listenerCpu = 0;
        double derivationCpu = 0;
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            long used = cpu1.getOrDefault(t.getId(), 0L) - cpu0.getOrDefault(t.getId(), 0L);
            if (t.getName().startsWith("srt-listener")) {
                listenerCpu += used;
            } else if (t.getName().startsWith("srt-key-derivation")) {
                derivationCpu += used;
            }
        }
        List<Double> sorted = new ArrayList<>(probes);
        sorted.sort(Double::compare);
        long timeouts = probes.stream().filter(m -> m >= PROBE_TIMEOUT_MILLIS).count();
        System.out.printf(
                "flood %s: %d datagrams in %.1f s (%.0f/s)%n", mode, flood.sent.get(), wall, flood.sent.get() / wall);
        System.out.printf(
                "  srt-listener thread CPU %.1f%% of one core; key-derivation threads %.1f%%%n",
                listenerCpu / 1e9 / wall * 100, derivationCpu / 1e9 / wall * 100);
        System.out.printf(
                "  probe handshakes: %d, p50 %.1f ms, p99 %.1f ms, max %.1f ms, timed out (%d ms) %d%n",
                sorted.size(),
                percentile(sorted, 0.5),
                percentile(sorted, 0.99),
                percentile(sorted, 1.0),
                PROBE_TIMEOUT_MILLIS,
                timeouts);
        long received = after.packetsReceived() - before.packetsReceived();
        long lost = after.packetsLost() - before.packetsLost();
        System.out.printf(
                "  victim (encrypted, 4 Mbps): %d packets received, %d lost (%.2f%%), %d unrecovered, "
                        + "%d undecryptable%n",
                received,
                lost,
                received + lost == 0 ? 0 : 100.0 * lost / (received + lost),
                after.packetsDropped() - before.packetsDropped(),
                after.packetsUndecryptable() - before.packetsUndecryptable());
        System.out.printf(
                "  listener counters: rejected %d, accepted %d, malformed %d, unknown socket %d, bad cookie %d%n",
                counters.rejected(),
                counters.accepted(),
                counters.malformed(),
                counters.unknownSocket(),
                counters.badCookie());
    }

    private static double percentile(List<Double> sorted, double p) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        return sorted.get(Math.max(0, (int) Math.ceil(p * sorted.size()) - 1));
    }

    /**
     * Handshakes every 50 ms while the flood runs, from eight other addresses in turn (127.0.0.2-9: each at an
     * ordinary caller's pace); each accepted probe says goodbye at once.
     */
    private static List<Double> probe(InetSocketAddress target, Thread flooder) throws Exception {
        List<Double> millis = new ArrayList<>();
        List<RawSrtCaller> probes = new ArrayList<>();
        try {
            for (int a = 2; a < 10; a++) {
                probes.add(new RawSrtCaller(target, InetAddress.getByName("127.0.0." + a)));
            }
            int id = 0x1000;
            while (flooder.isAlive()) {
                id++;
                RawSrtCaller probe = probes.get(id % probes.size());
                long t0 = System.nanoTime();
                try {
                    HandshakePacket answer = probe.connect(id, PROBE, Optional.empty(), PROBE_TIMEOUT_MILLIS);
                    millis.add((System.nanoTime() - t0) / 1e6);
                    if (!RawSrtCaller.isRejection(answer)) {
                        probe.send(new ShutdownPacket(0, answer.socketId()));
                    }
                } catch (SocketTimeoutException e) {
                    millis.add((double) PROBE_TIMEOUT_MILLIS);
                }
                Thread.sleep(50);
            }
        } finally {
            probes.forEach(RawSrtCaller::close);
        }
        return millis;
    }

    /** The hostile client: one flood kind at a paced rate from 127.0.0.1. */
    private static final class Flood implements Runnable {
        final AtomicLong sent = new AtomicLong();
        private final String mode;
        private final InetSocketAddress target;
        private final int rate;
        private final int seconds;
        private final Random random = new Random(12);
        private RawSrtCaller caller;
        private DatagramSocket garbage;
        private int connection;
        private int cookie;
        private byte[] km;

        Flood(String mode, InetSocketAddress target, int rate, int seconds) {
            this.mode = mode;
            this.target = target;
            this.rate = rate;
            this.seconds = seconds;
        }

        /** Sets the flood up (the KM flooder connects properly first) and runs 2,000 packets unmeasured. */
        void warmUp() throws Exception {
            caller = new RawSrtCaller(target, InetAddress.getByName("127.0.0.1"));
            garbage = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
            switch (mode) {
                case "km" -> {
                    km = RawSrtCaller.keyMaterial(ATTACKER_PASSPHRASE, RawSrtCaller.randomSalt());
                    HandshakePacket answer = caller.connect(0x77, ATTACKER, Optional.of(km), 3000);
                    if (RawSrtCaller.isRejection(answer)) {
                        throw new IllegalStateException("the KM flooder was refused");
                    }
                    connection = answer.socketId();
                }
                case "conclusion" -> cookie = caller.induce(0x77, 3000);
                case "conclusion-km" -> {
                    km = RawSrtCaller.keyMaterial(ATTACKER_PASSPHRASE, RawSrtCaller.randomSalt());
                    cookie = caller.induce(0x77, 3000);
                }
                case "garbage", "none" -> {}
                default -> throw new IllegalArgumentException(mode);
            }
            for (int i = 0; i < 2000 && !mode.equals("none"); i++) {
                sendOne(i);
                if (i % 10 == 0) {
                    Thread.sleep(1);
                }
            }
        }

        @Override
        public void run() {
            sent.set(0); // the warm-up is not counted
            long start = System.nanoTime();
            long end = start + seconds * 1_000_000_000L;
            long i = 0;
            try {
                while (System.nanoTime() < end) {
                    if (mode.equals("none")) {
                        Thread.sleep(10);
                        continue;
                    }
                    long due = start + i * 1_000_000_000L / rate;
                    long wait = due - System.nanoTime();
                    if (wait > 200_000) {
                        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                    }
                    sendOne(i++);
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            } finally {
                caller.close();
                garbage.close();
            }
        }

        private void sendOne(long i) throws IOException {
            switch (mode) {
                case "km" -> caller.send(RawSrtCaller.keyMaterialRequest(km, connection));
                case "conclusion" ->
                    caller.send(RawSrtCaller.conclusion(
                            (int) (0x10000 + i), cookie, "publish:unknown-" + i, Optional.empty()));
                case "conclusion-km" ->
                    caller.send(RawSrtCaller.conclusion((int) (0x10000 + i), cookie, ATTACKER, Optional.of(km)));
                default -> {
                    byte[] bytes =
                            switch ((int) (i % 3)) {
                                case 0 -> {
                                    byte[] b = new byte[16 + random.nextInt(1300)];
                                    random.nextBytes(b);
                                    yield b;
                                }
                                case 1 ->
                                    encode(RawSrtCaller.conclusion(
                                            random.nextInt() & 0x3FFF_FFFF,
                                            random.nextInt(),
                                            "publish:x",
                                            Optional.empty()));
                                default -> encode(new ShutdownPacket(0, random.nextInt() | 1));
                            };
                    garbage.send(new DatagramPacket(bytes, bytes.length, target));
                }
            }
            sent.incrementAndGet();
        }
    }

    private static byte[] encode(org.millrace.srt.packet.SrtPacket packet) {
        ByteBuf b =
                org.millrace.srt.packet.PacketCodec.encode(packet, io.netty.buffer.UnpooledByteBufAllocator.DEFAULT);
        try {
            byte[] out = new byte[b.readableBytes()];
            b.getBytes(b.readerIndex(), out);
            return out;
        } finally {
            b.release();
        }
    }

    private static final class Discard implements StreamHandler {
        private final AtomicReference<SrtConnectionInfo> opened;

        Discard(AtomicReference<SrtConnectionInfo> opened) {
            this.opened = opened;
        }

        @Override
        public void onOpen(SrtConnectionInfo connection) {
            opened.set(connection);
        }

        @Override
        public void onData(ByteBuf payload) {}

        @Override
        public void onClose(CloseReason reason) {}
    }

    private static Map<Long, Long> cpuByThread(ThreadMXBean mx) {
        Map<Long, Long> cpu = new HashMap<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            cpu.put(t.getId(), mx.getThreadCpuTime(t.getId()));
        }
        return cpu;
    }

    private static int freeUdpPort() throws IOException {
        try (DatagramSocket probe = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }

    private static Path transportStream() throws Exception {
        Path out = Path.of(System.getProperty("java.io.tmpdir"), "millrace-bench-4mbps.ts");
        if (!Files.exists(out)) {
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
                            "3M",
                            "-maxrate",
                            "3M",
                            "-bufsize",
                            "3M",
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
