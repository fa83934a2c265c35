package org.millrace.srt.receiver;

import org.millrace.srt.packet.DataPacket;

/**
 * Received packets waiting for delivery, in a ring indexed by extended sequence number. {@code head} is the next
 * sequence to deliver; anything before it was delivered or given up. The ring holds at most {@code window}
 * sequences past the head; it starts small and doubles as packets land further ahead, so an idle connection costs a
 * few hundred bytes. Every stored packet is charged to the connection's {@link BufferBudget.Account}.
 */
public final class ReceiveBuffer {
    /** What happened to an offered packet. */
    public enum Offer {
        STORED,
        DUPLICATE,
        TOO_OLD,
        TOO_FAR_AHEAD,
        OVER_BUDGET
    }

    private static final int MIN_SLOTS = 64;

    private final int window;
    private final BufferBudget.Account account;
    private DataPacket[] slots;
    private OccupancyIndex occupied;
    private int mask;
    private long head;
    private int count;

    /**
     * @param window       the most sequences past the head that may be held (the flow window announced to the sender)
     * @param initialSlots the ring's first size (rounded up to a power of two); it grows to cover {@code window}
     */
    public ReceiveBuffer(int window, int initialSlots, long head, BufferBudget.Account account) {
        if (window < 1 || initialSlots < 1) {
            throw new IllegalArgumentException("window and initial size must be positive");
        }
        this.window = window;
        this.account = account;
        this.head = head;
        allocate(Math.min(roundUp(initialSlots), roundUp(window)));
    }

    private static int roundUp(int n) {
        return Math.max(MIN_SLOTS, n <= 1 ? 1 : Integer.highestOneBit(n - 1) << 1);
    }

    private void allocate(int size) {
        slots = new DataPacket[size];
        occupied = new OccupancyIndex(size);
        mask = size - 1;
    }

    public Offer offer(long seq, DataPacket packet) {
        if (seq < head) {
            return Offer.TOO_OLD;
        }
        long ahead = seq - head;
        if (ahead >= window) {
            return Offer.TOO_FAR_AHEAD;
        }
        if (ahead >= slots.length) {
            grow((int) ahead + 1);
        }
        int index = (int) (seq & mask);
        if (slots[index] != null) {
            return Offer.DUPLICATE;
        }
        if (!account.tryAcquire()) {
            return Offer.OVER_BUDGET;
        }
        slots[index] = packet;
        occupied.set(index);
        count++;
        return Offer.STORED;
    }

    /** Moves every held packet into a ring of at least {@code needed} slots: O(held), amortised by doubling. */
    private void grow(int needed) {
        DataPacket[] old = slots;
        OccupancyIndex oldOccupied = occupied;
        int oldMask = mask;
        allocate(Math.max(old.length * 2, roundUp(needed)));
        for (long s = head; s < head + old.length; ) {
            long next = nextIn(oldOccupied, old.length, oldMask, s, head + old.length);
            if (next < 0) {
                break;
            }
            int index = (int) (next & mask);
            slots[index] = old[(int) (next & oldMask)];
            occupied.set(index);
            s = next + 1;
        }
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
            occupied.clear(index);
            count--;
            account.release(1);
        }
        head++;
        return p;
    }

    /** The first stored sequence at or after {@code from} and before {@code limit}, or -1; O(log64 capacity). */
    public long nextStored(long from, long limit) {
        return nextIn(occupied, slots.length, mask, Math.max(from, head), Math.min(limit, head + slots.length));
    }

    /** The first occupied sequence in {@code [from, limit)}, a span no longer than the ring, found in two parts. */
    private static long nextIn(OccupancyIndex index, int size, int mask, long from, long limit) {
        if (from >= limit) {
            return -1;
        }
        int start = (int) (from & mask);
        long span = limit - from;
        int found = index.nextSet(start);
        if (found >= 0 && found - start < span) {
            return from + (found - start);
        }
        if (found >= 0 || start + span <= size) {
            return -1; // the next occupied slot lies beyond the span, or the span does not wrap
        }
        found = index.nextSet(0);
        return found >= 0 && found < start + span - size ? from + (size - start) + found : -1;
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

    /** The most sequences past the head the buffer will hold. */
    public int window() {
        return window;
    }

    /** The ring's current size in slots (grows up to the window rounded up to a power of two). */
    public int capacity() {
        return slots.length;
    }

    /** Releases every packet still held and gives the budget back (the connection is closing). */
    public void clear() {
        for (int i = 0; i < slots.length; i++) {
            if (slots[i] != null) {
                slots[i].release();
                slots[i] = null;
                occupied.clear(i);
            }
        }
        account.release(count);
        count = 0;
    }
}
