package org.millrace.srt.listener;

import java.time.Duration;

/**
 * How an {@link SrtListener} listens and receives.
 *
 * @param latency            our receive latency; the agreed one is the larger of ours and the caller's, up to
 *                           {@code maxLatency}
 * @param peerIdleTimeout    a connection from which nothing arrives for this long is closed
 * @param receiveBufferBytes the socket's SO_RCVBUF request (the kernel may cap it at net.core.rmem_max)
 * @param maxLatency         the most latency a caller is granted (it is told the capped value in the handshake): the
 *                           time a packet may wait for a lost one before it, so what a connection may hold
 * @param maxBitrate         bits per second each connection's receive buffer is sized for: it holds
 *                           (latency + 500 ms) of packets at this rate (see {@link ReceiveWindow})
 * @param bufferBudgetBytes  what all connections' receive buffers may hold together (each packet counts as the 2 KiB
 *                           receive buffer it pins); past it packets are refused and counted, and new callers rejected
 * @param limits             what one source may take (connections, pending handshakes) and how much handshake work
 *                           may wait
 */
public record SrtListenerConfig(
        String host,
        int port,
        Duration latency,
        Duration peerIdleTimeout,
        int receiveBufferBytes,
        Duration maxLatency,
        long maxBitrate,
        long bufferBudgetBytes,
        int maxConnections,
        int maxPendingHandshakes,
        Duration acceptTimeout,
        SrtListenerLimits limits) {

    public SrtListenerConfig {
        if (latency.compareTo(maxLatency) > 0) {
            throw new IllegalArgumentException("latency " + latency + " is above the maximum " + maxLatency);
        }
        if (maxLatency.toMillis() > 65_535 || maxBitrate < 100_000) {
            throw new IllegalArgumentException("maximum latency up to 65,535 ms, maximum bitrate at least 100 kbit/s");
        }
        if (bufferBudgetBytes < ReceiveWindow.BYTES_PER_PACKET) {
            throw new IllegalArgumentException("the buffer budget must hold at least one packet");
        }
    }

    /**
     * 120 ms latency (libsrt's default) granted up to 5 s, buffers sized for 100 Mbit/s, 256 MiB of buffers for all
     * connections together, 1,000 connections.
     */
    public static SrtListenerConfig defaults(String host, int port) {
        return new SrtListenerConfig(
                host,
                port,
                Duration.ofMillis(120),
                Duration.ofSeconds(5),
                16 * 1024 * 1024,
                Duration.ofSeconds(5),
                100_000_000L,
                256L * 1024 * 1024,
                1000,
                256,
                Duration.ofSeconds(3),
                SrtListenerLimits.defaults());
    }

    public SrtListenerConfig withLatency(Duration newLatency) {
        return new SrtListenerConfig(
                host,
                port,
                newLatency,
                peerIdleTimeout,
                receiveBufferBytes,
                newLatency.compareTo(maxLatency) > 0 ? newLatency : maxLatency,
                maxBitrate,
                bufferBudgetBytes,
                maxConnections,
                maxPendingHandshakes,
                acceptTimeout,
                limits);
    }

    public SrtListenerConfig withPeerIdleTimeout(Duration timeout) {
        return new SrtListenerConfig(
                host,
                port,
                latency,
                timeout,
                receiveBufferBytes,
                maxLatency,
                maxBitrate,
                bufferBudgetBytes,
                maxConnections,
                maxPendingHandshakes,
                acceptTimeout,
                limits);
    }

    /** The receive-memory limits: latency granted at most, bitrate buffers are sized for, budget of them all. */
    public SrtListenerConfig withBufferLimits(Duration newMaxLatency, long newMaxBitrate, long newBudgetBytes) {
        return new SrtListenerConfig(
                host,
                port,
                latency,
                peerIdleTimeout,
                receiveBufferBytes,
                newMaxLatency,
                newMaxBitrate,
                newBudgetBytes,
                maxConnections,
                maxPendingHandshakes,
                acceptTimeout,
                limits);
    }

    public SrtListenerConfig withLimits(SrtListenerLimits newLimits) {
        return new SrtListenerConfig(
                host,
                port,
                latency,
                peerIdleTimeout,
                receiveBufferBytes,
                maxLatency,
                maxBitrate,
                bufferBudgetBytes,
                maxConnections,
                maxPendingHandshakes,
                acceptTimeout,
                newLimits);
    }
}
