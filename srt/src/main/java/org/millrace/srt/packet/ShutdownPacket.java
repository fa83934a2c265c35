package org.millrace.srt.packet;

/** The peer closes the connection. */
public record ShutdownPacket(int timestamp, int destinationSocketId) implements ControlPacket {}
