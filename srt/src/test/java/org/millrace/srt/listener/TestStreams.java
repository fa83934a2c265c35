package org.millrace.srt.listener;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Makes MPEG-TS test media with Debian's ffmpeg, and runs external callers. */
final class TestStreams {
    private TestStreams() {
    }

    /** An H.264 + AAC MPEG-TS of the given length: a test pattern with a tone. */
    static Path makeTransportStream(Path dir, int seconds, String videoBitrate) throws Exception {
        Path out = dir.resolve("test-" + seconds + "s-" + videoBitrate + ".ts");
        if (Files.exists(out)) {
            return out;
        }
        run(List.of("ffmpeg", "-hide_banner", "-loglevel", "error", "-y",
                "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=25",
                "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000",
                "-t", Integer.toString(seconds), "-c:v", "libx264", "-preset", "ultrafast", "-b:v", videoBitrate,
                "-g", "50", "-c:a", "aac", "-b:a", "96k", "-f", "mpegts", out.toString()), 120);
        return out;
    }

    /** What ffmpeg sends for {@code ts} with {@code -c copy -f mpegts}: the same remux, written to a file. */
    static byte[] remuxed(Path ts, Path dir, String name) throws Exception {
        Path out = dir.resolve(name);
        run(List.of("ffmpeg", "-hide_banner", "-loglevel", "error", "-y", "-i", ts.toString(), "-c", "copy",
                "-f", "mpegts", out.toString()), 60);
        return Files.readAllBytes(out);
    }

    static void run(List<String> command, int timeoutSeconds) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("timed out: " + command);
        }
        if (p.exitValue() != 0) {
            throw new IOException("exit " + p.exitValue() + " from " + command + ":\n" + output);
        }
    }

    /** The longest prefix that is a whole number of {@code chunk}-byte chunks. */
    static byte[] wholeChunks(byte[] bytes, int chunk) {
        return java.util.Arrays.copyOf(bytes, bytes.length / chunk * chunk);
    }

    static int freeUdpPort() throws Exception {
        try (java.net.DatagramSocket probe = new java.net.DatagramSocket(0, java.net.InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }

    /** Sends {@code bytes} as {@code chunk}-byte datagrams to a loopback port, spread evenly over {@code duration}. */
    static void sendUdpPaced(int port, byte[] bytes, int chunk, java.time.Duration duration) throws Exception {
        try (java.net.DatagramSocket socket = new java.net.DatagramSocket()) {
            java.net.InetAddress loopback = java.net.InetAddress.getLoopbackAddress();
            int chunks = (bytes.length + chunk - 1) / chunk;
            long start = System.nanoTime();
            for (int i = 0; i < chunks; i++) {
                long wait = start + duration.toNanos() * i / chunks - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
                socket.send(new java.net.DatagramPacket(bytes, i * chunk, Math.min(chunk, bytes.length - i * chunk),
                        loopback, port));
            }
        }
    }

    /** Waits until the handler holds {@code count} bytes. */
    static void awaitBytes(RecordingHandler handler, int count, java.time.Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (handler.received().length < count && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }

    static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
