package org.millrace.srt.bench;

import org.millrace.srt.receiver.LossList;

/**
 * Benchmark (not a test): what the periodic NAK costs per 5 ms tick when a sender scatters gaps over a whole 5 s
 * window (every other packet missing: 26,000 ranges) and the repeat interval is long (a 2 s RTT, which a sender can
 * fake by holding back ACKACKs), scanning from the first range on every tick (as before) or a bounded slice resumed
 * where the last one stopped ({@link LossList#DEFAULT_SCAN_LIMIT}, now), in the same run; and how many ranges were
 * reported at least once.
 *
 * <p>Usage: {@code LossReportBench [ranges] [ticks] [intervalMicros]}
 */
public final class LossReportBench {
    public static void main(String[] args) {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 26_000;
        int ticks = args.length > 1 ? Integer.parseInt(args[1]) : 4_000;
        long interval = args.length > 2 ? Long.parseLong(args[2]) : 1_000_000;
        for (int round = 0; round < 2; round++) { // the first round warms the JIT up
            long[] whole = run(new LossList(Integer.MAX_VALUE), count, ticks, interval);
            long[] sliced = run(new LossList(), count, ticks, interval);
            if (round == 1) {
                System.out.printf(
                        "%d ranges, repeats every %d ms, a tick every 5 ms, %d ticks:%n  from the first range"
                                + " %.1f µs/tick, %d ranges ever reported%n  slice of %d %.1f µs/tick, %d ranges ever reported%n",
                        count,
                        interval / 1000,
                        ticks,
                        whole[0] / 1e3 / ticks,
                        whole[1],
                        LossList.DEFAULT_SCAN_LIMIT,
                        sliced[0] / 1e3 / ticks,
                        sliced[1]);
            }
        }
    }

    private static long[] run(LossList list, int count, int ticks, long interval) {
        for (long s = 0; s < 2L * count; s += 2) {
            list.add(s, s, 0);
        }
        java.util.BitSet reported = new java.util.BitSet();
        long t0 = System.nanoTime();
        for (int tick = 1; tick <= ticks; tick++) {
            for (LossList.Loss loss : list.dueForReport(interval + tick * 5_000L, interval, 160)) {
                reported.set((int) loss.first() / 2);
            }
        }
        return new long[] {System.nanoTime() - t0, reported.cardinality()};
    }
}
