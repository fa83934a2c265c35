package org.millrace.gateway;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.concurrent.Callable;

/**
 * Worker-thread tasks that must not overlap (they share a mutable object, such as one rendition's playlist), run one
 * after the other in the order given, on the shared worker pool: no lock, and no worker held while waiting. Its
 * methods are called on one event loop; a task's failure does not stop the ones after it.
 */
final class SerialWork {
    private final Vertx vertx;
    private Future<?> last = Future.succeededFuture();

    SerialWork(Vertx vertx) {
        this.vertx = vertx;
    }

    <T> Future<T> run(Callable<T> task) {
        Future<T> next = last.transform(previous -> vertx.executeBlocking(task, false));
        last = next;
        return next;
    }
}
