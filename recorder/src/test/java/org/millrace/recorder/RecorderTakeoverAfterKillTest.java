package org.millrace.recorder;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A recorder process SIGKILLed in the middle of a build: the other recorder, sharing its database, storage and data
 * directory, leaves it alone while it lives and finishes the recording once its lease has run out, with exactly one
 * import.
 */
class RecorderTakeoverAfterKillTest {
    private static final Duration LEASE = Duration.ofSeconds(3);
    /**
     * Each storage read of the child. Its build reads every segment of the 12 s session's four renditions of 1 s
     * segments (the inventory), then the top rendition's and the audio's again (the MP4): about 75 reads, 30 s.
     */
    private static final Duration READ_DELAY = Duration.ofMillis(400);

    @TempDir
    Path dir;

    @Test
    void theOtherRecorderFinishesTheBuildOfAKilledOneAfterItsLease() throws Exception {
        TakeoverScenario.Timings timings = TakeoverScenario.run(dir, LEASE, READ_DELAY, LEASE.plusSeconds(1));
        // The lease was last renewed at most a renewal interval before the kill.
        assertThat(timings.killToClaim())
                .isGreaterThan(LEASE.minus(LEASE.dividedBy(4)).minusMillis(200))
                .isLessThan(LEASE.plusSeconds(5));
    }
}
