package org.millrace.srt.packet;

/** One SRT datagram: a data packet or one of the control packets, as decoded by {@link PacketCodec}. */
public sealed interface SrtPacket permits DataPacket, ControlPacket {
    /** Microseconds since the sender's socket started, modulo 2^32. */
    int timestamp();

    /** The socket the packet is for; 0 on a caller's first handshake. */
    int destinationSocketId();
}
