package org.millrace.srt.listener;

import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.millrace.srt.handshake.AcceptDecision;
import org.millrace.srt.receiver.ReceiverStatistics;

/**
 * Benchmark (not a test): one srt-live-transmit caller (libsrt 1.5.1), fed a TS over UDP at a constant rate, publishes
 * through {@link ImpairedUdpRelay} (the same impairment both ways, 25 ms each way) into our listener and, in the
 * same run, into libsrt's own {@code srt-live-transmit srt://:port?mode=listener file://con}; each at 4x the round
 * trip. Prints, per impairment and receiver: packets sent, delivered, lost (gaps seen), retransmissions received,
 * dropped (given up) — ours from {@link ReceiverStatistics}, libsrt's from its own CSV statistics.
 *
 * <p>Usage: {@code ImpairedNetworkBench [seconds] [mbps]} (defaults 8 s at 4 Mbit/s).
 */
public final class ImpairedNetworkBench {
    private static final int CHUNK = 1316;

    private record Level(String name, ImpairedUdpRelay.Impairment impairment, int latencyMs) {}

    private record Result(long sent, long delivered, long lost, long retransmitted, long dropped) {}

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 8;
        double mbps = args.length > 1 ? Double.parseDouble(args[1]) : 4;
        Path dir = Files.createTempDirectory("srt-impaired");
        byte[] ts = TestStreams.wholeChunks(
                Files.readAllBytes(TestStreams.makeTransportStream(dir, seconds, (int) (mbps * 900) + "k")), CHUNK);
        List<Level> levels = List.of(
                new Level("random loss 5 %", new ImpairedUdpRelay.Impairment(0.05, 1, 0, 0, 25, 0), 200),
                new Level("random loss 10 %", new ImpairedUdpRelay.Impairment(0.10, 1, 0, 0, 25, 0), 200),
                new Level("random loss 20 %", new ImpairedUdpRelay.Impairment(0.20, 1, 0, 0, 25, 0), 200),
                new Level("burst loss 5 % (mean burst 8)", new ImpairedUdpRelay.Impairment(0.05, 8, 0, 0, 25, 0), 200),
                new Level(
                        "jitter 0-50 ms + 2 % reorder + 1 % loss",
                        new ImpairedUdpRelay.Impairment(0.01, 1, 0, 0.02, 25, 50), 400),
                new Level(
                        "duplication 10 % + 2 % loss", new ImpairedUdpRelay.Impairment(0.02, 1, 0.10, 0, 25, 0), 200));
        System.out.printf(
                "%d s of TS at %.1f Mbit/s (%d packets), srt-live-transmit caller, relay 25 ms each way%n",
                seconds, ts.length * 8.0 / seconds / 1e6, ts.length / CHUNK);
        System.out.printf(
                "%-42s %-9s %8s %9s %6s %8s %8s%n",
                "impairment (both ways)", "receiver", "sent", "delivered", "lost", "rexmit", "dropped");
        for (Level level : levels) {
            for (boolean ours : new boolean[] {true, false}) {
                Result r = ours ? millrace(level, ts, seconds, dir) : libsrt(level, ts, seconds, dir);
                System.out.printf(
                        "%-42s %-9s %8d %9d %6d %8d %8d%n",
                        level.name(),
                        ours ? "Millrace" : "libsrt",
                        r.sent(),
                        r.delivered(),
                        r.lost(),
                        r.retransmitted(),
                        r.dropped());
            }
        }
        System.exit(0);
    }

    private static Result millrace(Level level, byte[] ts, int seconds, Path dir) throws Exception {
        RecordingHandler handler = new RecordingHandler();
        try (SrtListener listener = SrtListener.bind(
                SrtListenerConfig.defaults("127.0.0.1", 0),
                request -> CompletableFuture.completedFuture(AcceptDecision.accept(null, handler)))) {
            publish(level, listener.localAddress(), ts, seconds, dir);
            ReceiverStatistics s = handler.opened.get().statistics();
            Thread.sleep(300); // one more statistics snapshot
            s = handler.opened.get().statistics();
            return new Result(
                    ts.length / CHUNK,
                    handler.received().length / CHUNK,
                    s.packetsLost(),
                    s.packetsRetransmitted(),
                    s.packetsDropped());
        }
    }

    private static Result libsrt(Level level, byte[] ts, int seconds, Path dir) throws Exception {
        int port = TestStreams.freeUdpPort();
        Path stats = dir.resolve("libsrt-stats.csv");
        Files.deleteIfExists(stats);
        Process listener = new ProcessBuilder(
                        "srt-live-transmit",
                        "-a:no",
                        "-ll:error",
                        "-s:20",
                        "-pf:csv",
                        "-f",
                        "-statsout:" + stats,
                        "srt://127.0.0.1:" + port + "?mode=listener&latency=" + level.latencyMs(),
                        "file://con")
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        AtomicLong bytes = new AtomicLong();
        Thread reader = new Thread(() -> {
            byte[] buf = new byte[65536];
            try (InputStream in = listener.getInputStream()) {
                int n;
                while ((n = in.read(buf)) > 0) {
                    bytes.addAndGet(n);
                }
            } catch (Exception e) {
                // the process ended
            }
        });
        reader.start();
        try {
            Thread.sleep(300);
            publish(level, new InetSocketAddress("127.0.0.1", port), ts, seconds, dir);
        } finally {
            listener.destroy();
            listener.waitFor(5, TimeUnit.SECONDS);
            reader.join(5000);
        }
        List<String> lines = Files.readAllLines(stats);
        List<String> header = List.of(lines.get(0).split(","));
        String[] last = lines.get(lines.size() - 1).split(",");
        return new Result(
                ts.length / CHUNK,
                bytes.get() / CHUNK,
                Long.parseLong(last[header.indexOf("pktRcvLoss")]),
                Long.parseLong(last[header.indexOf("pktRcvRetrans")]),
                Long.parseLong(last[header.indexOf("pktRcvDrop")]));
    }

    /** An srt-live-transmit caller through the relay, fed {@code ts} over UDP across {@code seconds}. */
    private static void publish(Level level, InetSocketAddress listener, byte[] ts, int seconds, Path dir)
            throws Exception {
        int udpPort = TestStreams.freeUdpPort();
        try (ImpairedUdpRelay relay = new ImpairedUdpRelay(listener, level.impairment(), level.impairment(), 7)) {
            Process caller = new ProcessBuilder(
                            "srt-live-transmit",
                            "-a:no",
                            "-ll:error",
                            "udp://127.0.0.1:" + udpPort,
                            "srt://127.0.0.1:" + relay.port() + "?streamid=bench&latency=" + level.latencyMs())
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("caller.log").toFile())
                    .start();
            try {
                Thread.sleep(1000); // connected, and its UDP input bound
                TestStreams.sendUdpPaced(udpPort, ts, CHUNK, java.time.Duration.ofSeconds(seconds));
                Thread.sleep(2000L + level.latencyMs() * 3L); // the last repairs
            } finally {
                caller.destroy();
                caller.waitFor(5, TimeUnit.SECONDS);
            }
        }
    }
}
