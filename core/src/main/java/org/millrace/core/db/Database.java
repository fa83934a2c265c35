package org.millrace.core.db;

import java.time.Duration;

import org.millrace.core.config.DatabaseSettings;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;

/** Creates the non-blocking PostgreSQL pool the services query through, and checks that it answers. */
public final class Database {
    private Database() {
    }

    public static Pool pool(Vertx vertx, DatabaseSettings db) {
        PgConnectOptions connect = new PgConnectOptions()
                .setHost(db.host())
                .setPort(db.port())
                .setDatabase(db.database())
                .setUser(db.user())
                .setCachePreparedStatements(true);
        if (db.password() != null) {
            connect.setPassword(db.password()); // the embedded database trusts loopback and has none
        }
        PoolOptions pool = new PoolOptions()
                .setMaxSize(db.poolSize())
                .setName("millrace-db")
                .setShared(false)
                .setConnectionTimeout(5)
                .setMaxWaitQueueSize(1000);
        return PgBuilder.pool().with(pool).connectingTo(connect).using(vertx).build();
    }

    /** Succeeds when the database answers {@code SELECT 1} within {@code timeout}. */
    public static Future<Void> ping(Pool pool, Duration timeout) {
        return pool.query("SELECT 1").execute().<Void>mapEmpty().timeout(timeout.toMillis(),
                java.util.concurrent.TimeUnit.MILLISECONDS);
    }
}
