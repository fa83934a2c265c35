package org.millrace.srt.receiver;

import org.millrace.srt.packet.DataPacket;

/**
 * Received packets waiting for delivery, in a ring indexed by extended sequence number. {@code head} is the next
 * sequence to deliver; anything before it was delivered or given up.
 */
public final class ReceiveBuffer {
    /** What happened to an offered packet. */
    public enum Offer { STORED, DUPLICATE, TOO_OLD, TOO_FAR_AHEAD }

    private final DataPacket[] slots;
    private final int mask;
    private long head;
    private int count;

    public ReceiveBuffer(int capacityPowerOfTwo, long head) {
        if (Integer.bitCount(capacityPowerOfTwo) != 1) {
            throw new IllegalArgumentException("capacity must be a power of two");
        }
        this.slots = new DataPacket[capacityPowerOfTwo];
        this.mask = capacityPowerOfTwo - 1;
        this.head = head;
    }

    public Offer offer(long seq, DataPacket packet) {
        if (seq < head) {
            return Offer.TOO_OLD;
        }
        if (seq - head >= slots.length) {
            return Offer.TOO_FAR_AHEAD;
        }
        int index = (int) (seq & mask);
        if (slots[index] != null) {
            return Offer.DUPLICATE;
        }
        slots[index] = packet;
        count++;
        return Offer.STORED;
    }

    public long head() {
        return head;
    }

    /** The packet at {@code head}, or null when it has not arrived. */
    public DataPacket peekHead() {
        return slots[(int) (head & mask)];
    }

    /** Removes and returns the packet at {@code head} (null if missing) and moves {@code head} on. */
    public DataPacket pollHead() {
        int index = (int) (head & mask);
        DataPacket p = slots[index];
        if (p != null) {
            slots[index] = null;
            count--;
        }
        head++;
        return p;
    }

    /** The first stored sequence at or after {@code from} and before {@code limit}, or -1. */
    public long nextStored(long from, long limit) {
        for (long s = Math.max(from, head); s < limit && s - head < slots.length; s++) {
            if (slots[(int) (s & mask)] != null) {
                return s;
            }
        }
        return -1;
    }

    public DataPacket get(long seq) {
        if (seq < head || seq - head >= slots.length) {
            return null;
        }
        return slots[(int) (seq & mask)];
    }

    public int count() {
        return count;
    }

    public int capacity() {
        return slots.length;
    }

    /** Releases every packet still held (the connection is closing). */
    public void clear() {
        for (int i = 0; i < slots.length; i++) {
            if (slots[i] != null) {
                slots[i].release();
                slots[i] = null;
            }
        }
        count = 0;
    }
}
