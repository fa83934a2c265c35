package org.millrace.srt.listener;

import java.net.InetSocketAddress;
import org.millrace.srt.packet.SrtPacket;

/** Sends packets from the listener's socket; connections use it for ACKs, NAKs, keepalives and shutdown. */
interface PacketSender {
    void send(SrtPacket packet, InetSocketAddress to);
}
