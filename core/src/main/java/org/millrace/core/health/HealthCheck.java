package org.millrace.core.health;

import io.vertx.core.Future;

/** One dependency whose health {@code /health} reports: succeeds when it works, fails with the reason. */
public interface HealthCheck {
    String name();

    Future<Void> check();
}
