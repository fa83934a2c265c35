package org.millrace.core.health;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import org.millrace.core.db.Database;

/** The database answers {@code SELECT 1} quickly. */
public final class DatabaseHealthCheck implements HealthCheck {
    private final Pool pool;
    private final Duration timeout;

    public DatabaseHealthCheck(Pool pool, Duration timeout) {
        this.pool = pool;
        this.timeout = timeout;
    }

    @Override
    public String name() {
        return "database";
    }

    @Override
    public Future<Void> check() {
        return Database.ping(pool, timeout);
    }
}
