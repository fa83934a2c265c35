package org.millrace.core.db;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClientOptions;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.time.Duration;
import org.millrace.core.config.DatabaseSettings;

/**
 * Creates the non-blocking PostgreSQL pool the services query through, and checks that it answers. The pool opens
 * connections on demand, so after an outage it reconnects by itself; while the database is down queries fail within
 * {@link #CONNECT_TIMEOUT} / {@link #CONNECTION_WAIT} (see {@link DatabaseUnavailable}).
 */
public final class Database {
    /** Longest TCP connect to PostgreSQL. */
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    /** Longest wait for a pooled connection (a new one is connected meanwhile); then the query fails (a 503). */
    public static final Duration CONNECTION_WAIT = Duration.ofSeconds(3);

    private Database() {}

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
                .setConnectionTimeout((int) CONNECTION_WAIT.toSeconds())
                .setMaxWaitQueueSize(1000);
        // A database that is down must cost a caller seconds, not the OS's TCP connect timeout.
        NetClientOptions tcp = new NetClientOptions().setConnectTimeout((int) CONNECT_TIMEOUT.toMillis());
        return PgBuilder.pool()
                .with(pool)
                .with(tcp)
                .connectingTo(connect)
                .using(vertx)
                .build();
    }

    /** Succeeds when the database answers {@code SELECT 1} within {@code timeout}. */
    public static Future<Void> ping(Pool pool, Duration timeout) {
        return pool.query("SELECT 1")
                .execute()
                .<Void>mapEmpty()
                .timeout(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    }
}
