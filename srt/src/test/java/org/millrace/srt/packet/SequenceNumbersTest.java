package org.millrace.srt.packet;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SequenceNumbersTest {
    @Test
    void wrapsAt31Bits() {
        assertThat(SequenceNumbers.next(SequenceNumbers.MAX)).isZero();
        assertThat(SequenceNumbers.add(5, -10)).isEqualTo(SequenceNumbers.MAX - 4);
        assertThat(SequenceNumbers.add(SequenceNumbers.MAX - 1, 3)).isEqualTo(1);
    }

    @Test
    void distancesAndOrderGoTheShortWayRound() {
        assertThat(SequenceNumbers.distance(SequenceNumbers.MAX - 2, 3)).isEqualTo(6);
        assertThat(SequenceNumbers.distance(3, SequenceNumbers.MAX - 2)).isEqualTo(-6);
        assertThat(SequenceNumbers.isBefore(SequenceNumbers.MAX, 0)).isTrue();
        assertThat(SequenceNumbers.isBefore(0, SequenceNumbers.MAX)).isFalse();
        assertThat(SequenceNumbers.compare(100, 100)).isZero();
        assertThat(SequenceNumbers.compare(100, 101)).isNegative();
        assertThat(SequenceNumbers.compare(SequenceNumbers.add(100, 0x3FFF_FFFF), 100))
                .isPositive();
    }
}
