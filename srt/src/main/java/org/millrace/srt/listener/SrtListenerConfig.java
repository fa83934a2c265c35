package org.millrace.srt.listener;

import java.time.Duration;

/**
 * How an {@link SrtListener} listens and receives.
 *
 * @param latency            our receive latency; the agreed one is the larger of ours and the caller's
 * @param peerIdleTimeout    a connection from which nothing arrives for this long is closed
 * @param receiveBufferBytes the socket's SO_RCVBUF request (the kernel may cap it at net.core.rmem_max)
 * @param bufferPackets      packets one connection may hold ahead of delivery (rounded up to a power of two)
 * @param limits             what one source may take (connections, pending handshakes) and how much handshake work
 *                           may wait
 */
public record SrtListenerConfig(
        String host,
        int port,
        Duration latency,
        Duration peerIdleTimeout,
        int receiveBufferBytes,
        int bufferPackets,
        int maxConnections,
        int maxPendingHandshakes,
        Duration acceptTimeout,
        SrtListenerLimits limits) {

    public static SrtListenerConfig defaults(String host, int port) {
        return new SrtListenerConfig(host, port, Duration.ofMillis(120), Duration.ofSeconds(5), 16 * 1024 * 1024,
                16384, 1000, 256, Duration.ofSeconds(3), SrtListenerLimits.defaults());
    }

    public SrtListenerConfig withLatency(Duration newLatency) {
        return new SrtListenerConfig(host, port, newLatency, peerIdleTimeout, receiveBufferBytes, bufferPackets,
                maxConnections, maxPendingHandshakes, acceptTimeout, limits);
    }

    public SrtListenerConfig withPeerIdleTimeout(Duration timeout) {
        return new SrtListenerConfig(host, port, latency, timeout, receiveBufferBytes, bufferPackets,
                maxConnections, maxPendingHandshakes, acceptTimeout, limits);
    }

    public SrtListenerConfig withLimits(SrtListenerLimits newLimits) {
        return new SrtListenerConfig(host, port, latency, peerIdleTimeout, receiveBufferBytes, bufferPackets,
                maxConnections, maxPendingHandshakes, acceptTimeout, newLimits);
    }
}
