package org.millrace.core.health;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.millrace.core.storage.Storage;

/** The object store is reachable and usable; checked on a worker thread since storage calls block. */
public final class StorageHealthCheck implements HealthCheck {
    private final Vertx vertx;
    private final Storage storage;
    private final Duration timeout;

    public StorageHealthCheck(Vertx vertx, Storage storage, Duration timeout) {
        this.vertx = vertx;
        this.storage = storage;
        this.timeout = timeout;
    }

    @Override
    public String name() {
        return "storage";
    }

    @Override
    public Future<Void> check() {
        return vertx.<Void>executeBlocking(
                        () -> {
                            storage.ping();
                            return null;
                        },
                        false)
                .timeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }
}
