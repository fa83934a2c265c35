package org.millrace.srt.receiver;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The bytes all connections of one listener may hold in their receive buffers together, shared fairly: past half
 * the budget a connection holding more than its share of that half (split among the connections holding anything)
 * is refused, so one publisher that fills its buffer (a gap it never repairs, a high bitrate at a long latency)
 * cannot take the memory the others need, and no connection ever holds more than half; the whole budget is a hard
 * limit. Each held packet counts as {@code bytesPerPacket} (the receive allocation it pins),
 * whatever its payload. Refused packets are counted; the sender sees them as losses and retransmits them later.
 * Accounts are used on the listener's event loop; the totals are readable from any thread.
 */
public final class BufferBudget {
    private final long maxBytes;
    private final int bytesPerPacket;
    private final AtomicLong used = new AtomicLong();
    private final AtomicLong peak = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    /** Accounts holding at least one packet: idle connections do not shrink the others' shares. */
    private int holding;

    public BufferBudget(long maxBytes, int bytesPerPacket) {
        if (maxBytes < bytesPerPacket || bytesPerPacket <= 0) {
            throw new IllegalArgumentException("the budget must hold at least one packet");
        }
        this.maxBytes = maxBytes;
        this.bytesPerPacket = bytesPerPacket;
    }

    /** One connection's share of the budget; close it when the connection ends. */
    public final class Account {
        private long held;
        private boolean closed;

        /** Takes one packet's bytes if the budget allows; false (and counted) if not. */
        boolean tryAcquire() {
            long total = used.get() + bytesPerPacket;
            int sharers = held == 0 ? holding + 1 : holding;
            if (total > maxBytes || (total > maxBytes / 2 && held + bytesPerPacket > maxBytes / 2 / sharers)) {
                refused.incrementAndGet();
                return false;
            }
            if (held == 0) {
                holding++;
            }
            held += bytesPerPacket;
            peak.accumulateAndGet(used.addAndGet(bytesPerPacket), Math::max);
            return true;
        }

        void release(int packets) {
            long bytes = (long) packets * bytesPerPacket;
            if (bytes > 0) {
                held -= bytes;
                used.addAndGet(-bytes);
                if (held == 0) {
                    holding--;
                }
            }
        }

        public long heldBytes() {
            return held;
        }

        /** Gives back what is still held and leaves the share to the others. */
        public void close() {
            if (!closed) {
                closed = true;
                release((int) (held / bytesPerPacket));
            }
        }
    }

    public Account open() {
        return new Account();
    }

    /** Whether the whole budget is spent: no room for one more packet of anyone. */
    public boolean exhausted() {
        return used.get() + bytesPerPacket > maxBytes;
    }

    public long maxBytes() {
        return maxBytes;
    }

    public long usedBytes() {
        return used.get();
    }

    /** The most ever held at once. */
    public long peakBytes() {
        return peak.get();
    }

    /** Packets refused because the budget was spent. */
    public long refusedPackets() {
        return refused.get();
    }

    public int bytesPerPacket() {
        return bytesPerPacket;
    }
}
