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
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * A loopback UDP relay for one caller that loses (at random or in bursts), duplicates, reorders and delays (with
 * jitter, which reorders too) datagrams with a fixed seed, like netem in user space: the caller sends to
 * {@link #port()}, the listener sees the relay's other socket as its peer.
 */
public final class ImpairedUdpRelay implements AutoCloseable {
    /**
     * How one direction is impaired; probabilities per datagram.
     *
     * @param loss        the share of datagrams lost
     * @param meanBurst   mean length of a run of lost datagrams (1: independent losses; more: Gilbert-style bursts
     *                    with the same overall share)
     * @param duplicate   datagrams sent twice
     * @param reorder     datagrams held back and sent after the next one
     * @param delayMillis one-way delay every datagram gets
     * @param jitterMillis extra delay, uniform in [0, jitter): later datagrams overtake earlier ones
     */
    public record Impairment(
            double loss, double meanBurst, double duplicate, double reorder, int delayMillis, int jitterMillis) {
        public static final Impairment NONE = new Impairment(0, 0, 0);

        public Impairment(double loss, double duplicate, double reorder) {
            this(loss, 1, duplicate, reorder, 0, 0);
        }

        public Impairment {
            if (meanBurst < 1 || loss < 0 || loss >= 1) {
                throw new IllegalArgumentException("loss in [0, 1), mean burst at least 1");
            }
        }

        /** The same with a fixed delay and jitter. */
        public Impairment delayed(int delay, int jitter) {
            return new Impairment(loss, meanBurst, duplicate, reorder, delay, jitter);
        }
    }

    public final AtomicLong forwarded = new AtomicLong();
    public final AtomicLong dropped = new AtomicLong();
    public final AtomicLong duplicated = new AtomicLong();
    public final AtomicLong reordered = new AtomicLong();

    private final DatagramSocket front;
    private final DatagramSocket back;
    private final InetSocketAddress listener;
    private final Thread upstream;
    private final Thread downstream;
    private final ScheduledExecutorService delayer;
    private volatile SocketAddress caller;
    private volatile boolean running = true;

    public ImpairedUdpRelay(InetSocketAddress listener, Impairment toListener, Impairment toCaller, long seed)
            throws SocketException {
        this(listener, toListener, toCaller, seed, datagram -> false);
    }

    /** As above; in addition every caller datagram that {@code dropToListener} matches is lost. */
    public ImpairedUdpRelay(
            InetSocketAddress listener,
            Impairment toListener,
            Impairment toCaller,
            long seed,
            Predicate<byte[]> dropToListener)
            throws SocketException {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        this.listener = listener;
        this.front = new DatagramSocket(new InetSocketAddress(loopback, 0));
        this.back = new DatagramSocket(new InetSocketAddress(loopback, 0));
        front.setReceiveBufferSize(4 << 20);
        back.setReceiveBufferSize(4 << 20);
        this.delayer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "relay-delay");
            t.setDaemon(true);
            return t;
        });
        this.upstream =
                new Thread(() -> pump(front, back, true, toListener, new Random(seed), dropToListener), "relay-up");
        this.downstream =
                new Thread(() -> pump(back, front, false, toCaller, new Random(seed + 1), d -> false), "relay-down");
        upstream.setDaemon(true);
        downstream.setDaemon(true);
        upstream.start();
        downstream.start();
    }

    public int port() {
        return front.getLocalPort();
    }

    private void pump(
            DatagramSocket in,
            DatagramSocket out,
            boolean toListener,
            Impairment imp,
            Random random,
            Predicate<byte[]> drop) {
        byte[] buffer = new byte[2048];
        byte[] held = null; // a datagram kept back to be sent after the next one (reordering)
        boolean inBurst = false;
        // Entering a burst with this probability and leaving it with 1/meanBurst keeps the overall loss share.
        double enterBurst = imp.loss() / imp.meanBurst() / (1 - imp.loss());
        try {
            in.setSoTimeout(5);
            while (running) {
                DatagramPacket p = new DatagramPacket(buffer, buffer.length);
                try {
                    in.receive(p);
                } catch (SocketTimeoutException idle) {
                    if (held != null) { // nothing came after it: send it now rather than keep it for ever
                        send(out, toListener, held, imp, random);
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
                if (imp.meanBurst() == 1) {
                    inBurst = random.nextDouble() < imp.loss();
                } else {
                    inBurst = inBurst ? random.nextDouble() >= 1 / imp.meanBurst() : random.nextDouble() < enterBurst;
                }
                if (drop.test(bytes) || inBurst) {
                    dropped.incrementAndGet();
                    continue;
                }
                if (held == null && random.nextDouble() < imp.reorder()) {
                    reordered.incrementAndGet();
                    held = bytes;
                    continue;
                }
                send(out, toListener, bytes, imp, random);
                if (random.nextDouble() < imp.duplicate()) {
                    duplicated.incrementAndGet();
                    send(out, toListener, bytes, imp, random);
                }
                if (held != null) {
                    send(out, toListener, held, imp, random);
                    held = null;
                }
            }
        } catch (IOException e) {
            if (running) {
                throw new IllegalStateException("relay failed", e);
            }
        }
    }

    private void send(DatagramSocket out, boolean toListener, byte[] bytes, Impairment imp, Random random)
            throws IOException {
        SocketAddress to = toListener ? listener : caller;
        long delayMicros = imp.delayMillis() * 1000L
                + (imp.jitterMillis() > 0 ? (long) (random.nextDouble() * imp.jitterMillis() * 1000) : 0);
        if (delayMicros == 0) {
            forward(out, to, bytes);
        } else {
            delayer.schedule(
                    () -> {
                        try {
                            forward(out, to, bytes);
                        } catch (IOException e) {
                            // closed while a datagram was in flight
                        }
                    },
                    delayMicros,
                    TimeUnit.MICROSECONDS);
        }
    }

    private void forward(DatagramSocket out, SocketAddress to, byte[] bytes) throws IOException {
        out.send(new DatagramPacket(bytes, bytes.length, to));
        forwarded.incrementAndGet();
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        upstream.join(1000);
        downstream.join(1000);
        delayer.shutdownNow();
        front.close();
        back.close();
    }
}
