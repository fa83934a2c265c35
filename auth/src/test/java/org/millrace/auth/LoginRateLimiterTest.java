package org.millrace.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class LoginRateLimiterTest {
    private final AtomicLong now = new AtomicLong(1_000_000);
    private final AuthSettings settings = AuthSettings.defaults().withLimits(
            new RateLimit(3, Duration.ofMinutes(15)), new RateLimit(5, Duration.ofMinutes(1)));
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
    void anAccountIsBlockedAfterItsFailuresUntilTheWindowEnds() {
        limiter.failed("user:1");
        limiter.failed("user:1");
        assertThat(limiter.blocked("user:1")).isEmpty();
        limiter.failed("user:1");
        assertThat(limiter.blocked("user:1")).hasValue(15 * 60);
        now.addAndGet(Duration.ofMinutes(10).toMillis() + 1);
        assertThat(limiter.blocked("user:1")).hasValue(5 * 60);
        now.addAndGet(Duration.ofMinutes(5).toMillis());
        assertThat(limiter.blocked("user:1")).isEmpty();
    }

    @Test
    void successForgetsEarlierFailures() {
        limiter.failed("user:2");
        limiter.failed("user:2");
        limiter.succeeded("user:2");
        limiter.failed("user:2");
        limiter.failed("user:2");
        assertThat(limiter.blocked("user:2")).isEmpty();
    }

    @Test
    void memoryIsBoundedByForgettingTheLeastRecentKeys() {
        WindowCounters counters = new WindowCounters(new RateLimit(1, Duration.ofMinutes(1)), 100, now::get);
        assertThat(counters.hit("first")).isEmpty();
        assertThat(counters.hit("first")).isPresent();
        for (int i = 0; i < 1000; i++) {
            counters.hit("flood-" + i);
        }
        assertThat(counters.size()).isEqualTo(100);
        assertThat(counters.exhausted("first")).as("forgotten under the flood").isEmpty();
    }
}
