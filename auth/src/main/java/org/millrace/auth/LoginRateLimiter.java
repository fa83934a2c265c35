package org.millrace.auth;

import java.util.OptionalLong;
import java.util.function.LongSupplier;

import org.millrace.core.security.ClientAddressKey;

/**
 * Slows down password guessing without handing an attacker a way to lock the owner out. Every login or sign-up
 * counts against the client address (IPv6: its /64). Before a password is checked, the attempt is reserved
 * against the account from that address (a small budget per window) and, unless the account signed in from that
 * address lately, against the account from all addresses (a larger budget, then exponential back-off). A wrong
 * password keeps its reservation, a right one gives it back, so concurrent guesses get no further than
 * sequential ones. Guesses from one address thus never lock the owner out elsewhere, and guesses from many never
 * lock the owner out at an address they signed in from before.
 *
 * <p>In memory and per process (each auth instance keeps its own counts, and a restart forgets them), every table
 * bounded; fixed windows, so a burst at a window's edge can reach twice a per-address limit.
 */
public final class LoginRateLimiter {
    private final WindowCounters addressAttempts;
    private final WindowCounters accountAddressFailures;
    private final AccountBackoff accountFailures;
    private final KnownAddresses knownAddresses;

    public LoginRateLimiter(LoginLimitSettings settings, LongSupplier clockMillis) {
        int maxKeys = settings.maxTrackedKeys();
        this.addressAttempts = new WindowCounters(settings.addressAttempts(), maxKeys, clockMillis);
        this.accountAddressFailures = new WindowCounters(settings.accountAddressFailures(), maxKeys, clockMillis);
        this.accountFailures = new AccountBackoff(settings.accountFailures(), settings.backoffCap(), maxKeys,
                clockMillis);
        this.knownAddresses = new KnownAddresses(settings.knownAddressLifetime(), maxKeys, clockMillis);
    }

    /** Counts an attempt from {@code clientIp}; the seconds to wait when it is one too many. */
    public OptionalLong attempt(String clientIp) {
        return addressAttempts.hit(ClientAddressKey.of(clientIp));
    }

    /**
     * Reserves a password check for {@code account} (a stable key for the account or the unknown name) from
     * {@code clientIp}, or refuses it with the seconds to wait.
     */
    public synchronized Admission admit(String account, String clientIp) {
        String address = ClientAddressKey.of(clientIp);
        String pair = account + ' ' + address;
        OptionalLong wait = accountAddressFailures.reserve(pair);
        if (wait.isPresent()) {
            return new Admission(account, address, false, wait);
        }
        if (knownAddresses.knows(account, address)) {
            return new Admission(account, address, false, OptionalLong.empty());
        }
        wait = accountFailures.reserve(account);
        if (wait.isPresent()) {
            accountAddressFailures.release(pair);
        }
        return new Admission(account, address, wait.isEmpty(), wait);
    }

    /** The admitted attempt had the right password: its reservations are given back and its address remembered. */
    public synchronized void succeeded(Admission admission) {
        accountAddressFailures.reset(admission.account() + ' ' + admission.address());
        if (admission.countedForAccount()) {
            accountFailures.release(admission.account());
        }
        knownAddresses.remember(admission.account(), admission.address());
    }

    /** Entries in the in-memory tables, for tests of their bounds. */
    synchronized int trackedKeys() {
        return addressAttempts.size() + accountAddressFailures.size() + accountFailures.size()
                + knownAddresses.size();
    }

    /**
     * A decision on one login attempt: refused when {@code retryAfter} holds the seconds to wait; otherwise its
     * reservations stand until {@link #succeeded} gives them back (a failure keeps them: that is the count).
     */
    public record Admission(String account, String address, boolean countedForAccount, OptionalLong retryAfter) {
        public boolean refused() {
            return retryAfter.isPresent();
        }
    }
}
