package org.millrace.testkit;

import java.time.Duration;
import java.util.Arrays;

/**
 * Hands bytes on in chunks spread evenly over a duration: a live publisher's pace (1316-byte chunks are one SRT
 * payload of seven TS packets) fed straight to a sink or sent as datagrams.
 */
public final class PacedChunks {
    /** Seven 188-byte TS packets: what an SRT caller puts in one data packet. */
    public static final int SRT_PAYLOAD = 1316;

    /** Where each chunk goes. */
    @FunctionalInterface
    public interface Sink {
        void accept(byte[] chunk) throws Exception;
    }

    private PacedChunks() {}

    /** Hands {@code bytes} to {@code sink} in {@code chunk}-byte pieces, the last one shorter, over {@code over}. */
    public static void feed(byte[] bytes, int chunk, Duration over, Sink sink) throws Exception {
        int chunks = (bytes.length + chunk - 1) / chunk;
        long start = System.nanoTime();
        for (int i = 0; i < chunks; i++) {
            long wait = start + over.toNanos() * i / chunks - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
            sink.accept(Arrays.copyOfRange(bytes, i * chunk, Math.min(bytes.length, (i + 1) * chunk)));
        }
    }
}
