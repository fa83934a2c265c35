package org.millrace.gateway;

import io.vertx.core.Context;
import io.vertx.core.Vertx;

/** The one way the gateway's event loops hand work to each other (each loop serves its own connections). */
final class Loops {
    private Loops() {}

    /**
     * Runs {@code work} on {@code loop}: at once when this thread already is that loop (or there is none to go to),
     * else queued there; running at once keeps the order of the work a loop already started.
     */
    static void runOn(Context loop, Runnable work) {
        if (loop == null || Vertx.currentContext() == loop) {
            work.run();
        } else {
            loop.runOnContext(v -> work.run());
        }
    }
}
