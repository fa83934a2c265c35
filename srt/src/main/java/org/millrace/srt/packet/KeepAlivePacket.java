package org.millrace.srt.packet;

/** Keeps an idle connection alive; carries nothing. */
public record KeepAlivePacket(int timestamp, int destinationSocketId) implements ControlPacket {}
