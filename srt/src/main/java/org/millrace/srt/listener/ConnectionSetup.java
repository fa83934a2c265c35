package org.millrace.srt.listener;

import java.net.InetSocketAddress;
import org.millrace.srt.packet.HandshakePacket;
import org.millrace.srt.stream.StreamHandler;

/**
 * What a handshake settled for one accepted connection, from which {@link SrtConnection} is built.
 *
 * @param socketId              our socket id for it
 * @param conclusion            the caller's conclusion (its socket id, initial sequence number, stream id, version)
 * @param conclusionResponse    our answer, sent again if the caller asks again
 * @param latencyMillis         the receive latency agreed (TSBPD)
 * @param windowPackets         the most packets held at once
 * @param peerIdleTimeoutMicros silence after which the connection is closed
 * @param keyExchange           null when the stream is not encrypted
 */
record ConnectionSetup(
        int socketId,
        HandshakePacket conclusion,
        HandshakePacket conclusionResponse,
        InetSocketAddress peer,
        int latencyMillis,
        int windowPackets,
        long peerIdleTimeoutMicros,
        StreamHandler handler,
        KeyMaterialExchange keyExchange) {}
