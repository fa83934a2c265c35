package org.millrace.auth;

import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.millrace.core.db.Database;
import org.millrace.core.db.EmbeddedDatabase;
import org.millrace.core.db.Migrations;

/** A real PostgreSQL with the auth tables, and a Vert.x pool onto it: what the auth repository tests run against. */
final class AuthDatabase implements AutoCloseable {
    private final EmbeddedDatabase db;
    private final Vertx vertx;
    private final Pool pool;

    private AuthDatabase(EmbeddedDatabase db, Vertx vertx, Pool pool) {
        this.db = db;
        this.vertx = vertx;
        this.pool = pool;
    }

    /** Starts PostgreSQL under {@code data}, applies the auth migrations and opens a pool of {@code poolSize}. */
    static AuthDatabase start(Path data, int poolSize) {
        EmbeddedDatabase db = EmbeddedDatabase.start(data.resolve("postgres"));
        try {
            Migrations.apply(db.settings(poolSize), "auth");
            Vertx vertx = Vertx.vertx();
            return new AuthDatabase(db, vertx, Database.pool(vertx, db.settings(poolSize)));
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
    }

    Vertx vertx() {
        return vertx;
    }

    Pool pool() {
        return pool;
    }

    @Override
    public void close() throws Exception {
        try {
            vertx.close().await(10, TimeUnit.SECONDS);
        } finally {
            db.close();
        }
    }
}
