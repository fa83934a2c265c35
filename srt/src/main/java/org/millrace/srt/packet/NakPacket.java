package org.millrace.srt.packet;

import java.util.List;

/** Reports lost packets: a list of single sequence numbers and inclusive ranges. */
public record NakPacket(List<SequenceRange> losses, int timestamp, int destinationSocketId) implements ControlPacket {
    public NakPacket {
        losses = List.copyOf(losses);
    }
}
