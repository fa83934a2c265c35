package org.millrace.srt.listener;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * A loopback UDP relay for one caller that loses, duplicates and reorders datagrams with a fixed seed: the caller
 * sends to {@link #port()}, the listener sees the relay's other socket as its peer.
 */
final class ImpairedUdpRelay implements AutoCloseable {
    /** How one direction is impaired; probabilities per datagram. */
    record Impairment(double loss, double duplicate, double reorder) {
        static final Impairment NONE = new Impairment(0, 0, 0);
    }

    final AtomicLong forwarded = new AtomicLong();
    final AtomicLong dropped = new AtomicLong();
    final AtomicLong duplicated = new AtomicLong();
    final AtomicLong reordered = new AtomicLong();

    private final DatagramSocket front;
    private final DatagramSocket back;
    private final InetSocketAddress listener;
    private final Thread upstream;
    private final Thread downstream;
    private volatile SocketAddress caller;
    private volatile boolean running = true;

    ImpairedUdpRelay(InetSocketAddress listener, Impairment toListener, Impairment toCaller, long seed)
            throws SocketException {
        this(listener, toListener, toCaller, seed, datagram -> false);
    }

    /** As above; in addition every caller datagram that {@code dropToListener} matches is lost. */
    ImpairedUdpRelay(InetSocketAddress listener, Impairment toListener, Impairment toCaller, long seed,
                     Predicate<byte[]> dropToListener) throws SocketException {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        this.listener = listener;
        this.front = new DatagramSocket(new InetSocketAddress(loopback, 0));
        this.back = new DatagramSocket(new InetSocketAddress(loopback, 0));
        front.setReceiveBufferSize(4 << 20);
        back.setReceiveBufferSize(4 << 20);
        this.upstream = new Thread(() -> pump(front, back, true, toListener, new Random(seed), dropToListener),
                "relay-up");
        this.downstream = new Thread(() -> pump(back, front, false, toCaller, new Random(seed + 1), d -> false),
                "relay-down");
        upstream.setDaemon(true);
        downstream.setDaemon(true);
        upstream.start();
        downstream.start();
    }

    int port() {
        return front.getLocalPort();
    }

    private void pump(DatagramSocket in, DatagramSocket out, boolean toListener, Impairment imp, Random random,
                      Predicate<byte[]> drop) {
        byte[] buffer = new byte[2048];
        byte[] held = null; // a datagram kept back to be sent after the next one (reordering)
        try {
            in.setSoTimeout(5);
            while (running) {
                DatagramPacket p = new DatagramPacket(buffer, buffer.length);
                try {
                    in.receive(p);
                } catch (SocketTimeoutException idle) {
                    if (held != null) { // nothing came after it: send it now rather than keep it for ever
                        send(out, toListener, held);
                        held = null;
                    }
                    continue;
                }
                if (toListener) {
                    caller = p.getSocketAddress();
                } else if (caller == null) {
                    continue;
                }
                byte[] bytes = Arrays.copyOf(p.getData(), p.getLength());
                if (drop.test(bytes) || random.nextDouble() < imp.loss()) {
                    dropped.incrementAndGet();
                    continue;
                }
                if (held == null && random.nextDouble() < imp.reorder()) {
                    reordered.incrementAndGet();
                    held = bytes;
                    continue;
                }
                send(out, toListener, bytes);
                if (random.nextDouble() < imp.duplicate()) {
                    duplicated.incrementAndGet();
                    send(out, toListener, bytes);
                }
                if (held != null) {
                    send(out, toListener, held);
                    held = null;
                }
            }
        } catch (IOException e) {
            if (running) {
                throw new IllegalStateException("relay failed", e);
            }
        }
    }

    private void send(DatagramSocket out, boolean toListener, byte[] bytes) throws IOException {
        out.send(new DatagramPacket(bytes, bytes.length, toListener ? listener : caller));
        forwarded.incrementAndGet();
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        upstream.join(1000);
        downstream.join(1000);
        front.close();
        back.close();
    }
}
