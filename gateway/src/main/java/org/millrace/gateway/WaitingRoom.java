package org.millrace.gateway;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * The requests held for one live rendition until its edge moves far enough: each is tried again on every change,
 * answered by its own timeout otherwise, and forgotten when its client leaves. Nothing blocks a thread: a held
 * request is an entry in a list and a timer. Admission is bounded by the shared {@link HeldRequests}; a refused
 * request is answered at once (429 for a client holding too many, 503 when the process holds too many). Used on the
 * live edges' home loop only.
 */
final class WaitingRoom {
    private final Vertx vertx;
    private final HeldRequests bounds;
    private final List<Waiter> waiting = new ArrayList<>();

    WaitingRoom(Vertx vertx, HeldRequests bounds) {
        this.vertx = vertx;
        this.bounds = bounds;
    }

    /**
     * Holds {@code ctx} until {@code attempt} answers it (it returns true once it has started the answer), or answers
     * it with {@code expired} after {@code timeout}.
     */
    void hold(RoutingContext ctx, Duration timeout, BooleanSupplier attempt, Runnable expired) {
        String address = ClientAddress.of(ctx);
        switch (bounds.admit(address)) {
            case CLIENT_FULL -> {
                ctx.response().putHeader("Retry-After", "1");
                ApiErrors.send(
                        ctx,
                        429,
                        "too_many_held_requests",
                        "this client already has as many requests waiting for the live edge as it may");
                return;
            }
            case PROCESS_FULL -> {
                ctx.response().putHeader("Retry-After", "1");
                ApiErrors.send(ctx, 503, "busy", "too many requests are waiting for the live edge; retry shortly");
                return;
            }
            case NONE -> {}
        }
        Waiter waiter = new Waiter(address, attempt);
        waiting.add(waiter);
        waiter.timer = vertx.setTimer(Math.max(1, timeout.toMillis()), id -> {
            if (finish(waiter)) {
                expired.run();
            }
        });
        // Fires when the response ends or the connection drops: a client that left frees its place at once. It
        // fires on the connection's loop, which may not be this room's (LiveEdges#onHome).
        Context home = vertx.getOrCreateContext();
        ctx.addEndHandler(ended -> home.runOnContext(v -> finish(waiter)));
    }

    /** The edge moved: answers every held request that can be answered now. */
    void changed() {
        for (Waiter waiter : List.copyOf(waiting)) {
            if (!waiter.done && waiter.attempt.getAsBoolean()) {
                finish(waiter);
            }
        }
    }

    int size() {
        return waiting.size();
    }

    /** Ends the wait of {@code waiter}; false when it had already ended. */
    private boolean finish(Waiter waiter) {
        if (waiter.done) {
            return false;
        }
        waiter.done = true;
        vertx.cancelTimer(waiter.timer);
        waiting.remove(waiter);
        bounds.release(waiter.address);
        return true;
    }

    private static final class Waiter {
        private final String address;
        private final BooleanSupplier attempt;
        private long timer;
        private boolean done;

        private Waiter(String address, BooleanSupplier attempt) {
            this.address = address;
            this.attempt = attempt;
        }
    }
}
