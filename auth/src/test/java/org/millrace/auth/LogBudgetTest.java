package org.millrace.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class LogBudgetTest {
    private final AtomicLong now = new AtomicLong(1_000_000);

    @Test
    void aLogBudgetWritesItsLinesPerWindowAndCountsTheRest() {
        LogBudget budget = new LogBudget(new RateLimit(2, Duration.ofMinutes(1)), now::get);
        assertThat(budget.take()).isZero();
        assertThat(budget.take()).isZero();
        assertThat(budget.take()).isEqualTo(-1);
        assertThat(budget.take()).isEqualTo(-1);
        now.addAndGet(60_000);
        assertThat(budget.take()).as("two were left out").isEqualTo(2);
        assertThat(budget.take()).isZero();
    }
}
