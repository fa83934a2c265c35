package org.millrace.auth;

import java.time.Duration;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.LongSupplier;

/**
 * The per-account budget of login attempts across all addresses the account has not signed in from: a free
 * budget per window, then exponential back-off (after the k-th attempt over the budget the next one waits
 * 2^(k-1) seconds, up to a cap). An attempt is reserved before the password is checked, so concurrent guesses
 * from many addresses get no more through than sequential ones. Bounded like {@link WindowCounters}.
 */
final class AccountBackoff {
    private static final long FIRST_DELAY_MILLIS = 1000;

    private final RateLimit budget;
    private final long capMillis;
    private final LongSupplier clockMillis;
    private final Map<String, State> states;

    AccountBackoff(RateLimit budget, Duration cap, int maxKeys, LongSupplier clockMillis) {
        this.budget = budget;
        this.capMillis = cap.toMillis();
        this.clockMillis = clockMillis;
        this.states = new BoundedLru<>(maxKeys);
    }

    /** Reserves an attempt for {@code account}, or says how many seconds to wait (nothing reserved then). */
    synchronized OptionalLong reserve(String account) {
        long now = clockMillis.getAsLong();
        State state = states.get(account);
        if (state == null || now - state.windowStart >= budget.window().toMillis()) {
            state = new State(now);
            states.put(account, state);
        }
        if (now < state.nextAllowed) {
            return OptionalLong.of(Math.max(1, (state.nextAllowed - now + 999) / 1000));
        }
        state.attempts++;
        int over = state.attempts - budget.max();
        if (over > 0) {
            long delay = FIRST_DELAY_MILLIS << Math.min(over - 1, 30);
            state.nextAllowed = now + Math.min(capMillis, delay);
        }
        return OptionalLong.empty();
    }

    /** Gives back a reserved attempt that succeeded (a right password is not a guess to count). */
    synchronized void release(String account) {
        State state = states.get(account);
        if (state != null && state.attempts > 0) {
            state.attempts--;
        }
    }

    synchronized int size() {
        return states.size();
    }

    private static final class State {
        final long windowStart;
        int attempts;
        long nextAllowed;

        State(long windowStart) {
            this.windowStart = windowStart;
        }
    }
}
