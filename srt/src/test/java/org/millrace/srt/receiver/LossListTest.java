package org.millrace.srt.receiver;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The receiver's loss list: ranges split on arrival, trimmed on drop, repeated in NAKs only when due. */
class LossListTest {
    @Test
    void addRemoveAndSplit() {
        LossList l = new LossList();
        assertThat(l.first()).isEqualTo(-1);
        l.add(10, 14, 0);
        l.add(20, 20, 0);
        assertThat(l.count()).isEqualTo(6);
        assertThat(l.first()).isEqualTo(10);
        assertThat(l.remove(12)).isTrue();
        assertThat(l.remove(12)).isFalse();
        assertThat(l.remove(15)).isFalse();
        assertThat(l.contains(11)).isTrue();
        assertThat(l.contains(12)).isFalse();
        assertThat(l.contains(13)).isTrue();
        assertThat(l.count()).isEqualTo(5);
        assertThat(l.remove(10)).isTrue();
        assertThat(l.first()).isEqualTo(11);
        assertThat(l.dueForReport(0, 0, 10))
                .containsExactly(new LossList.Loss(11, 11), new LossList.Loss(13, 14), new LossList.Loss(20, 20));
    }

    @Test
    void ignoresEmptyRangesAndMergesContiguousOnesAddedTogether() {
        LossList l = new LossList();
        l.add(5, 4, 0);
        assertThat(l.isEmpty()).isTrue();
        l.add(1, 2, 7);
        l.add(3, 3, 7);
        assertThat(l.dueForReport(100, 0, 10)).containsExactly(new LossList.Loss(1, 3));
    }

    @Test
    void removeBeforeTrimsAcrossAndInsideRanges() {
        LossList l = new LossList();
        l.add(1, 3, 0);
        l.add(6, 9, 1);
        assertThat(l.removeBefore(8)).isEqualTo(5); // 1,2,3 and 6,7
        assertThat(l.count()).isEqualTo(2);
        assertThat(l.first()).isEqualTo(8);
        assertThat(l.contains(7)).isFalse();
        assertThat(l.removeBefore(8)).isZero();
        assertThat(l.removeBefore(100)).isEqualTo(2);
        assertThat(l.isEmpty()).isTrue();
        assertThat(l.count()).isZero();
    }

    @Test
    void reportsOnlyWhatIsDueAndAtMostMaxRanges() {
        LossList l = new LossList();
        l.add(1, 1, 1000);
        l.add(3, 3, 5000);
        l.add(5, 5, 5000);
        // At 21000 with a 20000 interval only the first is due; it is marked reported then.
        assertThat(l.dueForReport(21_000, 20_000, 10)).containsExactly(new LossList.Loss(1, 1));
        assertThat(l.dueForReport(21_000, 20_000, 10)).isEmpty();
        List<LossList.Loss> due = l.dueForReport(25_000, 20_000, 1);
        assertThat(due).containsExactly(new LossList.Loss(3, 3));
        assertThat(l.dueForReport(25_000, 20_000, 10)).containsExactly(new LossList.Loss(5, 5));
        // A split range keeps its report time.
        l.add(10, 20, 30_000);
        l.remove(15);
        assertThat(l.dueForReport(40_000, 20_000, 10)).isEmpty();
        assertThat(l.dueForReport(50_000, 20_000, 10))
                .containsExactly(
                        new LossList.Loss(1, 1),
                        new LossList.Loss(3, 3),
                        new LossList.Loss(5, 5),
                        new LossList.Loss(10, 14),
                        new LossList.Loss(16, 20));
    }

    @Test
    void aRangeDropsWhateverIsMissingInsideItAndKeepsTheRest() {
        LossList l = new LossList();
        l.add(10, 14, 0);
        l.add(20, 20, 0);
        l.add(30, 1_000_030, 0);
        assertThat(l.removeRange(12, 500_000)).isEqualTo(3 + 1 + 499_971);
        assertThat(l.count()).isEqualTo(2 + 500_030);
        assertThat(l.contains(11)).isTrue();
        assertThat(l.contains(12)).isFalse();
        assertThat(l.contains(500_000)).isFalse();
        assertThat(l.contains(500_001)).isTrue();
        assertThat(l.first()).isEqualTo(10);
        assertThat(l.removeRange(15, 19)).isZero();
        assertThat(l.removeRange(0, Long.MAX_VALUE - 1)).isEqualTo(2 + 500_030);
        assertThat(l.isEmpty()).isTrue();
    }

    /** A sender scattering gaps makes a long list: each report looks at a bounded slice and every range comes round. */
    @Test
    void aReportLooksAtABoundedSliceOfALongListAndComesRoundToEveryRange() {
        LossList l = new LossList(100);
        for (long s = 0; s < 2000; s += 2) {
            l.add(s, s, 0); // 1,000 ranges, all due from time 1 on
        }
        java.util.Set<Long> reported = new java.util.HashSet<>();
        for (int call = 1; call <= 10; call++) {
            List<LossList.Loss> due = l.dueForReport(call, 1, 1000);
            assertThat(due).hasSize(100);
            due.forEach(loss -> reported.add(loss.first()));
        }
        assertThat(reported).hasSize(1000);
        assertThat(l.dueForReport(11, 100, 1000)).isEmpty(); // none due yet, and only a slice was looked at
        // Short lists are scanned whole, from the first range, as before.
        LossList shortList = new LossList(100);
        shortList.add(5, 6, 0);
        shortList.add(9, 9, 0);
        assertThat(shortList.dueForReport(1, 1, 10)).containsExactly(new LossList.Loss(5, 6), new LossList.Loss(9, 9));
    }
}
