package org.millrace.auth;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
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
 * <p>The counts live in PostgreSQL ({@code login_limits}), so they hold across any number of auth instances and
 * gateways and survive a restart; every reservation is one atomic statement on one row. Fixed windows, so a burst
 * at a window's edge can reach twice a per-address limit. {@link LoginLimitPurge} keeps the table bounded.
 */
public final class LoginRateLimiter {
    private final WindowCounters addressAttempts;
    private final WindowCounters accountAddressFailures;
    private final AccountBackoff accountFailures;
    private final KnownAddresses knownAddresses;

    public LoginRateLimiter(Pool pool, LoginLimitSettings settings, LongSupplier clockMillis) {
        this.addressAttempts = new WindowCounters(pool, "address:", settings.addressAttempts(), clockMillis);
        this.accountAddressFailures = new WindowCounters(pool, "pair:", settings.accountAddressFailures(), clockMillis);
        this.accountFailures = new AccountBackoff(pool, settings.accountFailures(), settings.backoffCap(), clockMillis);
        this.knownAddresses = new KnownAddresses(pool, settings.knownAddressLifetime(), clockMillis);
    }

    /** Counts an attempt from {@code clientIp}; the seconds to wait when it is one too many. */
    public Future<OptionalLong> attempt(String clientIp) {
        return addressAttempts.hit(ClientAddressKey.of(clientIp));
    }

    /**
     * Reserves a password check for {@code account} (a stable key for the account or the unknown name) from
     * {@code clientIp}, or refuses it with the seconds to wait.
     */
    public Future<Admission> admit(String account, String clientIp) {
        String address = ClientAddressKey.of(clientIp);
        String pair = account + ' ' + address;
        return accountAddressFailures.reserve(pair).compose(pairWait -> {
            if (pairWait.isPresent()) {
                return Future.succeededFuture(new Admission(account, address, false, pairWait));
            }
            return knownAddresses
                    .knows(account, address)
                    .compose(known -> known
                            ? Future.succeededFuture(new Admission(account, address, false, OptionalLong.empty()))
                            : accountFailures.reserve(account).compose(wait -> {
                                Admission admission = new Admission(account, address, wait.isEmpty(), wait);
                                // Refused by the account's back-off: the address's budget is not spent on it.
                                return wait.isPresent()
                                        ? accountAddressFailures.release(pair).map(admission)
                                        : Future.succeededFuture(admission);
                            }));
        });
    }

    /** The admitted attempt had the right password: its reservations are given back and its address remembered. */
    public Future<Void> succeeded(Admission admission) {
        return Future.all(
                        accountAddressFailures.reset(admission.account() + ' ' + admission.address()),
                        admission.countedForAccount()
                                ? accountFailures.release(admission.account())
                                : Future.succeededFuture(),
                        knownAddresses.remember(admission.account(), admission.address()))
                .mapEmpty();
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
