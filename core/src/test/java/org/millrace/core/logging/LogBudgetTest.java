package org.millrace.core.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LogBudgetTest {
    @Test
    void letsThroughItsBudgetPerWindowAndSaysHowManyItHeldBack() {
        AtomicLong now = new AtomicLong();
        LogBudget budget = new LogBudget(3, Duration.ofMinutes(1), now::get);
        assertThat(budget.admit()).isEmpty();
        assertThat(budget.admit()).isEmpty();
        assertThat(budget.admit()).isEmpty();
        for (int i = 0; i < 1000; i++) {
            assertThat(budget.admit()).isNull();
        }
        now.addAndGet(59_999_999_999L);
        assertThat(budget.admit()).as("still the same window").isNull();
        now.addAndGet(1);
        assertThat(budget.admit()).isEqualTo(" (1001 more like it not logged)");
        assertThat(budget.admit()).isEmpty();
    }
}
