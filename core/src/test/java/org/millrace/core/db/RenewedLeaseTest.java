package org.millrace.core.db;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RenewedLeaseTest {
    private final List<Promise<Boolean>> sent = new ArrayList<>();
    private final List<String> outcomes = new ArrayList<>();
    private final RenewedLease.Outcomes record = new RenewedLease.Outcomes() {
        @Override
        public void lost() {
            outcomes.add("lost");
        }

        @Override
        public void failed(Throwable cause) {
            outcomes.add("failed: " + cause.getMessage());
        }
    };

    private Future<Boolean> renewal() {
        Promise<Boolean> p = Promise.promise();
        sent.add(p);
        return p.future();
    }

    @Test
    void oursWhileHalfALeaseIsLeftFromTheLastConfirmedRenewal() throws Exception {
        RenewedLease lease = new RenewedLease(Duration.ofMillis(400), this::renewal, record, System.nanoTime());
        assertThat(lease.problem()).isNull();
        Thread.sleep(250);
        assertThat(lease.problem()).as("under half the lease left, no renewal").isEqualTo("not renewed in time");
        lease.renew();
        lease.renew(); // one at a time
        assertThat(sent).hasSize(1);
        sent.get(0).complete(true); // timed from when it was sent: 400 ms from now
        assertThat(lease.problem()).isNull();
        lease.renew();
        sent.get(1).fail("connection refused");
        assertThat(outcomes).containsExactly("failed: connection refused");
        assertThat(lease.problem())
                .as("a failed renewal takes nothing away yet")
                .isNull();
    }

    @Test
    void aRenewalAnsweredFalseMeansTakenOverForGood() {
        RenewedLease lease = new RenewedLease(Duration.ofSeconds(30), this::renewal, record, System.nanoTime());
        Future<Boolean> confirmed = lease.confirm();
        sent.get(0).complete(false);
        assertThat(confirmed.result()).isFalse();
        assertThat(lease.problem()).isEqualTo("taken over");
        lease.renew();
        assertThat(sent).as("no renewal once lost").hasSize(1);
        assertThat(outcomes).containsExactly("lost");
    }
}
