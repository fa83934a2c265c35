package org.millrace.srt.packet;

/** Acknowledges a full ACK by its number, so the ACK's sender can measure the round trip. */
public record AckAckPacket(int ackNumber, int timestamp, int destinationSocketId) implements ControlPacket {}
