package org.millrace.srt.packet;

/** A well-formed control packet of a type or subtype we do not act on (congestion warning, peer error, ...). */
public record UnknownControlPacket(int type, int subtype, int typeSpecific, int timestamp, int destinationSocketId)
        implements ControlPacket {}
