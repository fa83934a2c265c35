package org.millrace.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class LoginRateLimiterTest {
    private final AtomicLong now = new AtomicLong(1_000_000);
    private final LoginLimitSettings settings = new LoginLimitSettings(new RateLimit(5, Duration.ofMinutes(1)),
            new RateLimit(3, Duration.ofMinutes(15)), new RateLimit(6, Duration.ofDays(1)), Duration.ofSeconds(8),
            Duration.ofDays(30), 100_000);
    private final LoginRateLimiter limiter = new LoginRateLimiter(settings, now::get);

    @Test
    void anAddressGetsItsAttemptsPerWindowThenWaitsForTheRest() {
        for (int i = 0; i < 5; i++) {
            assertThat(limiter.attempt("10.0.0.1")).isEmpty();
        }
        now.addAndGet(20_000);
        assertThat(limiter.attempt("10.0.0.1")).hasValue(40);
        assertThat(limiter.attempt("10.0.0.2")).as("other addresses are not affected").isEmpty();
        now.addAndGet(40_000);
        assertThat(limiter.attempt("10.0.0.1")).as("a new window").isEmpty();
    }

    @Test
    void anIpv6AttackerCountsAsOneAddressWhateverHostOfItsSlash64ItPicks() {
        for (int i = 0; i < 5; i++) {
            assertThat(limiter.attempt("2001:db8:1:2::" + Integer.toHexString(i + 1))).isEmpty();
        }
        assertThat(limiter.attempt("2001:db8:1:2:ffff:1:2:3")).isPresent();
        assertThat(limiter.attempt("2001:db8:1:3::1")).as("the next /64 is someone else").isEmpty();
    }

    @Test
    void anAccountIsRefusedFromAnAddressAfterItsFailuresThereUntilTheWindowEnds() {
        for (int i = 0; i < 3; i++) {
            assertThat(limiter.admit("user:1", "10.0.0.1").refused()).isFalse();
        }
        assertThat(limiter.admit("user:1", "10.0.0.1").retryAfter()).hasValue(15 * 60);
        now.addAndGet(Duration.ofMinutes(10).toMillis() + 1);
        assertThat(limiter.admit("user:1", "10.0.0.1").retryAfter()).hasValue(5 * 60);
        assertThat(limiter.admit("user:1", "10.0.0.9").refused()).as("another address is not locked out").isFalse();
        now.addAndGet(Duration.ofMinutes(5).toMillis());
        assertThat(limiter.admit("user:1", "10.0.0.1").refused()).isFalse();
    }

    @Test
    void aRightPasswordGivesItsReservationBackAndForgetsEarlierFailuresFromThatAddress() {
        limiter.admit("user:2", "10.0.0.1");
        limiter.admit("user:2", "10.0.0.1");
        limiter.succeeded(limiter.admit("user:2", "10.0.0.1"));
        for (int i = 0; i < 3; i++) {
            assertThat(limiter.admit("user:2", "10.0.0.1").refused()).isFalse();
        }
        assertThat(limiter.admit("user:2", "10.0.0.1").refused()).isTrue();
    }

    @Test
    void guessesFromManyAddressesRunIntoTheAccountBudgetThenBackOffExponentially() {
        for (int i = 0; i < 6; i++) {
            assertThat(limiter.admit("user:3", "10.1.0." + i).refused()).as("within the budget").isFalse();
        }
        assertThat(limiter.admit("user:3", "10.1.1.1").refused()).as("the first over the budget").isFalse();
        assertThat(limiter.admit("user:3", "10.1.1.2").retryAfter()).hasValue(1);
        now.addAndGet(1000);
        assertThat(limiter.admit("user:3", "10.1.1.3").refused()).isFalse();
        assertThat(limiter.admit("user:3", "10.1.1.4").retryAfter()).hasValue(2);
        now.addAndGet(2000);
        assertThat(limiter.admit("user:3", "10.1.1.5").refused()).isFalse();
        assertThat(limiter.admit("user:3", "10.1.1.6").retryAfter()).hasValue(4);
        now.addAndGet(4000);
        assertThat(limiter.admit("user:3", "10.1.1.7").refused()).isFalse();
        assertThat(limiter.admit("user:3", "10.1.1.8").retryAfter()).as("capped").hasValue(8);
        now.addAndGet(8000);
        assertThat(limiter.admit("user:3", "10.1.1.9").refused()).isFalse();
        assertThat(limiter.admit("user:3", "10.1.1.10").retryAfter()).as("still capped").hasValue(8);
        assertThat(limiter.admit("user:3", "10.1.1.10").retryAfter()).as("a refusal adds no wait").hasValue(8);
        now.addAndGet(Duration.ofDays(1).toMillis());
        assertThat(limiter.admit("user:3", "10.1.2.1").refused()).as("a new day, a new budget").isFalse();
    }

    @Test
    void anAddressTheOwnerSignedInFromIsSparedTheAccountWideBackOff() {
        limiter.succeeded(limiter.admit("user:4", "192.0.2.7"));
        for (int i = 0; i < 7; i++) {
            limiter.admit("user:4", "10.2.0." + i);
        }
        assertThat(limiter.admit("user:4", "10.2.1.1").refused()).as("the attackers back off").isTrue();
        assertThat(limiter.admit("user:4", "192.0.2.7").refused()).as("the owner at home does not").isFalse();
        now.addAndGet(Duration.ofDays(30).toMillis());
        assertThat(limiter.admit("user:4", "192.0.2.7").refused()).as("the address was forgotten in time")
                .isFalse();
        for (int i = 0; i < 7; i++) {
            limiter.admit("user:4", "10.3.0." + i);
        }
        assertThat(limiter.admit("user:4", "192.0.2.7").refused()).isTrue();
    }

    @Test
    void aRefusalByTheAccountBudgetDoesNotSpendTheAddressBudget() {
        for (int i = 0; i < 7; i++) {
            limiter.admit("user:5", "10.4.0." + i);
        }
        for (int i = 0; i < 10; i++) {
            assertThat(limiter.admit("user:5", "10.4.9.9").refused()).isTrue();
        }
        now.addAndGet(settings.backoffCap().toMillis());
        assertThat(limiter.admit("user:5", "10.4.9.9").refused()).as("its address still has its budget").isFalse();
    }

    @Test
    void everyTableStaysBoundedUnderAFloodOfAddressesAndNames() {
        LoginRateLimiter small = new LoginRateLimiter(new LoginLimitSettings(settings.addressAttempts(),
                settings.accountAddressFailures(), settings.accountFailures(), settings.backoffCap(),
                settings.knownAddressLifetime(), 100), now::get);
        for (int i = 0; i < 5000; i++) {
            String address = "10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255);
            small.attempt(address);
            small.succeeded(small.admit("login:name" + i, address));
        }
        assertThat(small.trackedKeys()).isLessThanOrEqualTo(4 * 100);
    }

    @Test
    void windowCountersForgetTheLeastRecentKeys() {
        WindowCounters counters = new WindowCounters(new RateLimit(1, Duration.ofMinutes(1)), 100, now::get);
        assertThat(counters.reserve("first")).isEmpty();
        assertThat(counters.reserve("first")).isPresent();
        for (int i = 0; i < 1000; i++) {
            counters.hit("flood-" + i);
        }
        assertThat(counters.size()).isEqualTo(100);
        assertThat(counters.reserve("first")).as("forgotten under the flood").isEmpty();
    }
}
