package org.millrace.srt.receiver;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The listener-wide receive budget: a hard total, and past half of it a fair share per connection. */
class BufferBudgetTest {
    private static int fill(BufferBudget.Account account, int max) {
        int taken = 0;
        while (taken < max && account.tryAcquire()) {
            taken++;
        }
        return taken;
    }

    @Test
    void oneGreedyConnectionGetsOnlyItsShareAndTheOthersStillReceive() {
        BufferBudget budget = new BufferBudget(100 * 1000, 1000); // 100 packets
        BufferBudget.Account greedy = budget.open();
        BufferBudget.Account modest = budget.open();
        BufferBudget.Account other = budget.open();
        // Alone, a connection gets half the budget; past that half each holder may have its share of it.
        assertThat(fill(greedy, 1000)).isEqualTo(50);
        assertThat(budget.refusedPackets()).isEqualTo(1);
        assertThat(fill(modest, 10)).isEqualTo(10);
        assertThat(fill(other, 10)).isEqualTo(10);
        assertThat(budget.usedBytes()).isEqualTo(70 * 1000);
        assertThat(budget.exhausted()).isFalse();
        greedy.release(40);
        assertThat(fill(greedy, 1000)).isEqualTo(20); // up to half the budget again, then a third of that half
        assertThat(fill(greedy, 1000)).isZero();
        assertThat(fill(modest, 1000)).isEqualTo(6); // 16 of 50 shared three ways
        greedy.close();
        assertThat(budget.usedBytes()).isEqualTo(26 * 1000);
        assertThat(budget.peakBytes()).isEqualTo(70 * 1000);
    }

    @Test
    void theWholeBudgetIsAHardLimit() {
        BufferBudget budget = new BufferBudget(10 * 1000, 1000);
        BufferBudget.Account[] accounts = new BufferBudget.Account[20];
        int taken = 0;
        for (int i = 0; i < accounts.length; i++) {
            accounts[i] = budget.open();
        }
        for (BufferBudget.Account a : accounts) {
            taken += fill(a, 1000);
        }
        assertThat(taken).isEqualTo(10);
        assertThat(budget.exhausted()).isTrue();
        assertThat(budget.usedBytes()).isLessThanOrEqualTo(budget.maxBytes());
    }
}
