package org.millrace.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class LogBudgetTest {
    @Test
    void letsThroughItsBudgetAMinuteAndSaysHowManyItHeldBack() {
        AtomicLong now = new AtomicLong();
        LogBudget budget = new LogBudget(3, now::get);
        assertThat(budget.admit()).isEmpty();
        assertThat(budget.admit()).isEmpty();
        assertThat(budget.admit()).isEmpty();
        for (int i = 0; i < 1000; i++) {
            assertThat(budget.admit()).isNull();
        }
        now.addAndGet(60_000_000_000L);
        assertThat(budget.admit()).isEqualTo(" (1000 more like it not logged)");
        assertThat(budget.admit()).isEmpty();
    }
}
