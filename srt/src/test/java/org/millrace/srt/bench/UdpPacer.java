package org.millrace.srt.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * Feeds several UDP targets with MPEG-TS at a constant bitrate each, looping over the same bytes in 1316-byte
 * datagrams, from one thread: the cheap "live source" that srt-live-transmit callers relay into SRT.
 */
public final class UdpPacer implements AutoCloseable {
    private static final int CHUNK = 1316;
    private final Thread thread;
    private volatile boolean running = true;

    public UdpPacer(List<InetSocketAddress> targets, byte[] ts, long bitsPerSecondEach) throws IOException {
        DatagramChannel channel = DatagramChannel.open();
        channel.bind(new InetSocketAddress("127.0.0.1", 0));
        long intervalNanos = CHUNK * 8L * 1_000_000_000L / bitsPerSecondEach;
        int chunks = ts.length / CHUNK;
        this.thread = new Thread(
                () -> {
                    long next = System.nanoTime();
                    int index = 0;
                    ByteBuffer buf = ByteBuffer.allocateDirect(CHUNK);
                    try (channel) {
                        while (running) {
                            long wait = next - System.nanoTime();
                            if (wait > 0) {
                                LockSupport.parkNanos(wait);
                            }
                            for (InetSocketAddress target : targets) {
                                buf.clear();
                                buf.put(ts, index * CHUNK, CHUNK).flip();
                                channel.send(buf, target);
                            }
                            index = (index + 1) % chunks;
                            next += intervalNanos;
                        }
                    } catch (IOException e) {
                        if (running) {
                            throw new IllegalStateException(e);
                        }
                    }
                },
                "udp-pacer");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(2000);
    }
}
