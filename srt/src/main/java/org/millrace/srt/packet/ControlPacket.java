package org.millrace.srt.packet;

/** A control packet: one record per type, each immutable. */
public sealed interface ControlPacket extends SrtPacket
        permits HandshakePacket,
                AckPacket,
                AckAckPacket,
                NakPacket,
                KeepAlivePacket,
                ShutdownPacket,
                DropRequestPacket,
                KeyMaterialPacket,
                UnknownControlPacket {}
