package org.millrace.srt.bench;

import io.netty.buffer.Unpooled;
import java.util.ArrayDeque;
import java.util.Random;
import org.millrace.srt.packet.DataPacket;
import org.millrace.srt.packet.EncryptionKey;
import org.millrace.srt.packet.PacketPosition;
import org.millrace.srt.receiver.BufferBudget;
import org.millrace.srt.receiver.ReceiveBuffer;

/**
 * Benchmark (not a test): what a missing head costs per arriving packet. Replays a stream through a
 * {@link ReceiveBuffer} the way the connection's delivery does (every packet: store, then, while the head is missing,
 * find the first stored packet after it to see whether the gap must be given up), with losses repaired one round
 * trip later unless the retransmission is lost too, and times that search two ways on the same ring in the same run:
 * the occupancy index ({@code nextStored}, now) and a walk of the ring slot by slot (what it did before).
 *
 * <p>Usage: {@code HeadOfLineBench [packets]}; prints ns per packet (the two clock reads around each search included)
 * for 10 % loss, random and in bursts, repaired or not (an outage longer than the latency, or a hostile sender).
 */
public final class HeadOfLineBench {
    private static final DataPacket PACKET =
            new DataPacket(0, PacketPosition.SOLO, false, EncryptionKey.NONE, false, 1, 0, 1, Unpooled.EMPTY_BUFFER);

    private interface Search {
        long next(ReceiveBuffer ring, long from, long limit);
    }

    private static final Search INDEXED = ReceiveBuffer::nextStored;
    private static final Search WALK = (ring, from, limit) -> {
        for (long s = Math.max(from, ring.head()); s < limit && s - ring.head() < ring.capacity(); s++) {
            if (ring.get(s) != null) {
                return s;
            }
        }
        return -1;
    };

    /**
     * Losses: each packet lost with {@code loss}, in bursts of mean length {@code burst}; a loss is retransmitted
     * {@code rttPackets} later (and that copy lost with {@code loss} again) unless {@code repaired} is false.
     */
    private record Scenario(
            String name, double loss, double burst, int rttPackets, int latencyPackets, boolean repaired) {}

    public static void main(String[] args) {
        int packets = args.length > 0 ? Integer.parseInt(args[0]) : 2_000_000;
        // 10 Mbit/s: ~950 packets of 1316 bytes a second.
        Scenario[] scenarios = {
            new Scenario("random 10 % loss, 120 ms latency, 20 ms RTT", 0.10, 1, 19, 114, true),
            new Scenario("10 % in bursts of ~50, 500 ms latency, 100 ms RTT", 0.10, 50, 95, 475, true),
            new Scenario("10 % never repaired, bursts of ~200, 1 s latency", 0.10, 200, 0, 950, false),
            new Scenario("10 % never repaired, bursts of ~2,000, 5 s latency", 0.10, 2000, 0, 4750, false),
        };
        for (int round = 0; round < 2; round++) { // the first round warms the JIT up
            for (Scenario s : scenarios) {
                long[] walk = run(s, WALK, packets);
                long[] indexed = run(s, INDEXED, packets);
                if (walk[1] != indexed[1]) {
                    throw new IllegalStateException("the two searches delivered differently");
                }
                if (round == 1) {
                    System.out.printf(
                            "%-52s walk %8.1f ns/packet   index %6.1f ns/packet   (%.1fx; %d delivered)%n",
                            s.name(),
                            walk[0] / (double) packets,
                            indexed[0] / (double) packets,
                            walk[0] / (double) indexed[0],
                            walk[1]);
                }
            }
        }
    }

    /** Nanoseconds spent in {@code search} over the replay, and packets delivered. */
    private static long[] run(Scenario s, Search search, int packets) {
        Random random = new Random(42);
        ReceiveBuffer ring = new ReceiveBuffer(
                s.latencyPackets() * 2 + 8192, 64, 0, new BufferBudget(Long.MAX_VALUE / 4, 2048).open());
        ArrayDeque<long[]> repairs = new ArrayDeque<>(); // {sequence, arrives at packet index}
        boolean inBurst = false;
        long spent = 0;
        long delivered = 0;
        double enterBurst = s.loss() / s.burst() / (1 - s.loss());
        for (long i = 0; i < packets; i++) {
            while (!repairs.isEmpty() && repairs.peek()[1] <= i) {
                long seq = repairs.poll()[0];
                if (random.nextDouble() < s.loss()) {
                    repairs.add(new long[] {seq, i + s.rttPackets()}); // the retransmission was lost too
                } else {
                    ring.offer(seq, PACKET);
                }
            }
            inBurst = inBurst ? random.nextDouble() >= 1 / s.burst() : random.nextDouble() < enterBurst;
            if (!inBurst) {
                ring.offer(i, PACKET);
            } else if (s.repaired()) {
                repairs.add(new long[] {i, i + s.rttPackets()});
            }
            // Delivery as the connection does it: sequence k plays once packet k + latency has been sent.
            long due = i - s.latencyPackets();
            while (ring.head() <= i) {
                if (ring.peekHead() != null) {
                    if (ring.head() > due) {
                        break;
                    }
                    ring.pollHead();
                    delivered++;
                    continue;
                }
                long t0 = System.nanoTime();
                long next = search.next(ring, ring.head() + 1, i + 1);
                spent += System.nanoTime() - t0;
                if (next < 0 || next > due) {
                    break; // still time for the gap to be repaired
                }
                while (ring.head() < next) {
                    ring.pollHead(); // given up
                }
            }
        }
        return new long[] {spent, delivered};
    }
}
