package org.millrace.srt.receiver;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.millrace.srt.packet.SequenceNumbers;

/** Sequence numbers (31-bit) and timestamps (32-bit) extended to 64 bits across their wrap. */
class UnwrapperTest {
    @Test
    void sequencesContinuePastThe31BitWrap() {
        int isn = SequenceNumbers.MAX - 2;
        SequenceUnwrapper u = new SequenceUnwrapper(isn);
        long base = u.unwrap(isn);
        assertThat(base).isEqualTo(isn);
        assertThat(u.unwrap(SequenceNumbers.MAX)).isEqualTo(base + 2);
        assertThat(u.unwrap(0)).isEqualTo(base + 3);
        assertThat(u.unwrap(5)).isEqualTo(base + 8);
        u.advance(base + 8);
        // An older (retransmitted) packet from before the wrap still maps below.
        assertThat(u.unwrap(SequenceNumbers.MAX - 1)).isEqualTo(base + 1);
        assertThat(SequenceUnwrapper.wrap(base + 8)).isEqualTo(5);
        u.advance(base); // never backwards
        assertThat(u.unwrap(5)).isEqualTo(base + 8);
    }

    @Test
    void sequencesKeepGrowingOverManyWraps() {
        SequenceUnwrapper u = new SequenceUnwrapper(0);
        long expected = 0;
        int seq = 0;
        for (int i = 0; i < 10; i++) {
            seq = SequenceNumbers.add(seq, 0x3000_0000);
            expected += 0x3000_0000;
            long ext = u.unwrap(seq);
            assertThat(ext).isEqualTo(expected);
            u.advance(ext);
        }
        assertThat(expected).isGreaterThan(2L * SequenceNumbers.MAX);
    }

    @Test
    void timestampsContinuePastThe32BitWrap() {
        TimestampUnwrapper t = new TimestampUnwrapper();
        assertThat(t.unwrap(0xFFFF_FF00)).isEqualTo(0xFFFF_FF00L);
        assertThat(t.unwrap(0x0000_0100)).isEqualTo(0x1_0000_0100L);
        // A late packet stamped just before the wrap is still before, not 71 minutes ahead.
        assertThat(t.unwrap(0xFFFF_FFF0)).isEqualTo(0xFFFF_FFF0L);
        assertThat(t.unwrap(0x0000_0200)).isEqualTo(0x1_0000_0200L);
        assertThat(t.unwrap(0x6000_0300)).isEqualTo(0x1_6000_0300L);
        assertThat(t.unwrap(0xC000_0000)).isEqualTo(0x1_C000_0000L);
        assertThat(t.unwrap(0x2000_0000)).isEqualTo(0x2_2000_0000L);
        // A stale timestamp does not pull the reference back.
        assertThat(t.unwrap(0xF000_0000)).isEqualTo(0x1_F000_0000L);
        assertThat(t.unwrap(0x2000_0001)).isEqualTo(0x2_2000_0001L);
    }
}
