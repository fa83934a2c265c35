package org.millrace.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HeldRequestsTest {
    @Test
    void boundsEachClientAndTheProcessAndGivesPlacesBack() {
        HeldRequests held = new HeldRequests(3, 2);
        assertThat(held.admit("10.0.0.1")).isEqualTo(HeldRequests.Refusal.NONE);
        assertThat(held.admit("10.0.0.1")).isEqualTo(HeldRequests.Refusal.NONE);
        assertThat(held.admit("10.0.0.1")).isEqualTo(HeldRequests.Refusal.CLIENT_FULL);
        assertThat(held.admit("10.0.0.2")).isEqualTo(HeldRequests.Refusal.NONE);
        assertThat(held.admit("10.0.0.3")).isEqualTo(HeldRequests.Refusal.PROCESS_FULL);
        assertThat(held.total()).isEqualTo(3);
        assertThat(held.refused()).isEqualTo(2);
        held.release("10.0.0.1");
        assertThat(held.admit("10.0.0.3")).isEqualTo(HeldRequests.Refusal.NONE);
        // A release of what was never admitted changes nothing.
        held.release("10.9.9.9");
        assertThat(held.total()).isEqualTo(3);
        held.release("10.0.0.1");
        held.release("10.0.0.2");
        held.release("10.0.0.3");
        assertThat(held.total()).isZero();
        assertThat(held.admit(null)).isEqualTo(HeldRequests.Refusal.NONE);
    }
}
