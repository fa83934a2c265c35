package org.millrace.srt.listener;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import org.millrace.testkit.MediaChecks;
import org.millrace.testkit.PacedChunks;
import org.millrace.testkit.TestPattern;

/** The SRT tests' streams: a test pattern as MPEG-TS, and loopback UDP sent at a pace. */
final class TestStreams {
    private TestStreams() {}

    /** An H.264 + AAC MPEG-TS of the given length: a 640x360 25 fps test pattern with a tone, 2 s GOPs. */
    static Path makeTransportStream(Path dir, int seconds, String videoBitrate) throws Exception {
        return TestPattern.of(640, 360, 25, seconds).bitrate(videoBitrate).in(dir);
    }

    /** What ffmpeg sends for {@code ts} with {@code -c copy -f mpegts}: the same remux, written to a file. */
    static byte[] remuxed(Path ts, Path dir, String name) throws Exception {
        return MediaChecks.remux(ts, dir.resolve(name));
    }

    /** The longest prefix that is a whole number of {@code chunk}-byte chunks. */
    static byte[] wholeChunks(byte[] bytes, int chunk) {
        return Arrays.copyOf(bytes, bytes.length / chunk * chunk);
    }

    static int freeUdpPort() throws Exception {
        try (DatagramSocket probe = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }

    /** Sends {@code bytes} as {@code chunk}-byte datagrams to a loopback port, spread evenly over {@code duration}. */
    static void sendUdpPaced(int port, byte[] bytes, int chunk, Duration duration) throws Exception {
        try (DatagramSocket socket = new DatagramSocket()) {
            InetAddress loopback = InetAddress.getLoopbackAddress();
            PacedChunks.feed(
                    bytes,
                    chunk,
                    duration,
                    piece -> socket.send(new DatagramPacket(piece, piece.length, loopback, port)));
        }
    }

    /** Waits until the handler holds {@code count} bytes. */
    static void awaitBytes(RecordingHandler handler, int count, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (handler.received().length < count && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }
}
