package org.millrace.core.db;

import io.vertx.core.Future;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * The bookkeeping of a lease on a row of a work queue (a recording being built, an upload being transcoded): renewed
 * on the owner's timer, asked before each step nobody must repeat. The work counts as ours only while the last
 * confirmed renewal, timed from when it was sent, leaves at least half a lease: an owner cut off from the database
 * stops well before another can take the row over. Renewals never overlap; the owner's timer, thread and messages
 * stay its own.
 */
public final class RenewedLease {
    /** What a renewal came back with, for the owner to log. */
    public interface Outcomes {
        /** Another owner holds the row now: this one must leave it. */
        void lost();

        /** The renewal failed (the database is unreachable); the lease may still run out. */
        void failed(Throwable cause);
    }

    private final Duration lease;
    private final Supplier<Future<Boolean>> renewal;
    private final Outcomes outcomes;
    private volatile long heldUntilNanos;
    private volatile boolean lost;
    private volatile boolean renewing;

    /**
     * @param renewal        extends the lease in the database; true while the row is still ours
     * @param claimedAtNanos when the claim was sent ({@link System#nanoTime()})
     */
    public RenewedLease(Duration lease, Supplier<Future<Boolean>> renewal, Outcomes outcomes, long claimedAtNanos) {
        this.lease = lease;
        this.renewal = renewal;
        this.outcomes = outcomes;
        this.heldUntilNanos = claimedAtNanos + lease.toNanos();
    }

    /** One renewal, unless one is running or the row was lost (for the owner's timer). */
    public void renew() {
        if (renewing || lost) {
            return;
        }
        renewing = true;
        long sentAt = System.nanoTime();
        renewal.get().onComplete(renewed -> {
            renewing = false;
            if (renewed.succeeded()) {
                held(renewed.result(), sentAt);
            } else {
                outcomes.failed(renewed.cause());
            }
        });
    }

    /** Renews now and answers whether the row is still ours (before a step nobody must repeat). */
    public Future<Boolean> confirm() {
        long sentAt = System.nanoTime();
        return renewal.get().map(held -> {
            held(held, sentAt);
            return held;
        });
    }

    private void held(boolean held, long sentAt) {
        if (held) {
            heldUntilNanos = sentAt + lease.toNanos();
        } else if (!lost) {
            lost = true;
            outcomes.lost();
        }
    }

    /** Why the work may no longer be ours ("taken over", "not renewed in time"), or null while it is. */
    public String problem() {
        if (lost) {
            return "taken over";
        }
        if (heldUntilNanos - System.nanoTime() < lease.toNanos() / 2) {
            return "not renewed in time";
        }
        return null;
    }
}
