package org.millrace.srt.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A UDP relay between SRT callers and a listener that drops a share of the callers' datagrams (seeded, so runs
 * repeat). Each caller gets its own upstream socket, so the listener sees one source port per caller as it would
 * without the relay. One thread, one selector.
 */
public final class LossyRelay implements AutoCloseable {
    private final DatagramChannel front;
    private final InetSocketAddress target;
    private final double dropRate;
    private final Random random;
    private final Selector selector;
    private final Map<SocketAddress, DatagramChannel> upstreamByCaller = new HashMap<>();
    private final Thread thread;
    private final AtomicLong forwarded = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private volatile boolean running = true;

    public LossyRelay(InetSocketAddress target, double dropRate, long seed) throws IOException {
        this.target = target;
        this.dropRate = dropRate;
        this.random = new Random(seed);
        this.selector = Selector.open();
        this.front = DatagramChannel.open();
        front.bind(new InetSocketAddress("127.0.0.1", 0));
        front.configureBlocking(false);
        front.setOption(java.net.StandardSocketOptions.SO_RCVBUF, 8 * 1024 * 1024);
        front.register(selector, SelectionKey.OP_READ, null);
        this.thread = new Thread(this::run, "lossy-relay");
        thread.setDaemon(true);
        thread.start();
    }

    public InetSocketAddress address() throws IOException {
        return (InetSocketAddress) front.getLocalAddress();
    }

    public long forwarded() {
        return forwarded.get();
    }

    public long dropped() {
        return dropped.get();
    }

    public Thread thread() {
        return thread;
    }

    private void run() {
        ByteBuffer buf = ByteBuffer.allocateDirect(2048);
        try {
            while (running) {
                selector.select(100);
                Iterator<SelectionKey> it = selector.selectedKeys().iterator();
                while (it.hasNext()) {
                    SelectionKey key = it.next();
                    it.remove();
                    if (key.attachment() == null) {
                        fromCallers(buf);
                    } else {
                        toCaller((DatagramChannel) key.channel(), (SocketAddress) key.attachment(), buf);
                    }
                }
            }
        } catch (IOException e) {
            if (running) {
                throw new IllegalStateException(e);
            }
        }
    }

    private void fromCallers(ByteBuffer buf) throws IOException {
        SocketAddress caller;
        while ((caller = receive(front, buf)) != null) {
            DatagramChannel up = upstreamByCaller.get(caller);
            if (up == null) {
                up = DatagramChannel.open();
                up.bind(new InetSocketAddress("127.0.0.1", 0));
                up.connect(target);
                up.configureBlocking(false);
                up.register(selector, SelectionKey.OP_READ, caller);
                upstreamByCaller.put(caller, up);
            }
            if (random.nextDouble() < dropRate) {
                dropped.incrementAndGet();
                continue;
            }
            up.write(buf);
            forwarded.incrementAndGet();
        }
    }

    private void toCaller(DatagramChannel up, SocketAddress caller, ByteBuffer buf) throws IOException {
        while (true) {
            buf.clear();
            int n = up.read(buf);
            if (n <= 0) {
                return;
            }
            buf.flip();
            front.send(buf, caller);
        }
    }

    private static SocketAddress receive(DatagramChannel channel, ByteBuffer buf) throws IOException {
        buf.clear();
        SocketAddress from = channel.receive(buf);
        buf.flip();
        return from;
    }

    @Override
    public void close() throws IOException {
        running = false;
        selector.wakeup();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (DatagramChannel up : upstreamByCaller.values()) {
            up.close();
        }
        front.close();
        selector.close();
    }
}
