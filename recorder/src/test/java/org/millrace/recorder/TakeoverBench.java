package org.millrace.recorder;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * Benchmark (not a test): how long after a recorder is SIGKILLed mid-build the other recorder has the recording
 * ready, with the default lease (20 s, renewed every 5 s). Runs {@link TakeoverScenario} {@code runs} times and prints
 * kill → claim (the lease running out) and claim → ready (the survivor's whole build and import). Usage:
 * TakeoverBench [runs].
 */
public final class TakeoverBench {
    private TakeoverBench() {}

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        Duration lease = RecorderSettings.defaults().lease();
        for (int i = 1; i <= runs; i++) {
            Path dir = Files.createTempDirectory("millrace-takeover-bench-");
            TakeoverScenario.Timings t =
                    TakeoverScenario.run(dir, lease, Duration.ofMillis(500), Duration.ofSeconds(2));
            System.out.printf(
                    Locale.ROOT,
                    "millrace run=%d lease=%.0fs kill->claim=%.2fs claim->ready=%.2fs " + "kill->ready=%.2fs%n",
                    i,
                    lease.toMillis() / 1000.0,
                    t.killToClaim().toMillis() / 1000.0,
                    (t.killToReady().toMillis() - t.killToClaim().toMillis()) / 1000.0,
                    t.killToReady().toMillis() / 1000.0);
        }
        System.exit(0);
    }
}
