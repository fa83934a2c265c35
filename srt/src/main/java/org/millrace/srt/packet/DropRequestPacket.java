package org.millrace.srt.packet;

/** The sender gave up on a message: the receiver should stop asking for its packets {@code first..last}. */
public record DropRequestPacket(int messageNumber, int first, int last, int timestamp, int destinationSocketId)
        implements ControlPacket {}
