package org.millrace.server;

import io.vertx.core.Vertx;
import java.time.Duration;
import org.millrace.core.config.ConfigVariable;
import org.millrace.core.config.DatabaseSettings;
import org.millrace.core.config.MillraceConfig;
import org.millrace.core.db.Database;
import org.millrace.core.db.EmbeddedDatabase;
import org.millrace.core.db.Migrations;
import org.millrace.core.health.DatabaseHealthCheck;
import org.millrace.core.health.HealthCheck;

/**
 * The PostgreSQL of a process with database duties: the configured one, or the embedded one (all-in-one only),
 * migrated for the modules this process runs. Its own class so that a process without such duties never loads it.
 */
final class DatabaseRuntime implements AutoCloseable {
    private static final int EMBEDDED_POOL_SIZE = 8;

    private final DatabaseSettings settings;
    private final EmbeddedDatabase embedded;

    private DatabaseRuntime(DatabaseSettings settings, EmbeddedDatabase embedded) {
        this.settings = settings;
        this.embedded = embedded;
    }

    static DatabaseRuntime start(MillraceConfig config, ServicePlan plan) {
        EmbeddedDatabase embedded = null;
        DatabaseSettings settings;
        if (plan.embeddedDatabase()) {
            embedded = EmbeddedDatabase.start(config.embeddedDatabaseDir());
            settings = embedded.settings(EMBEDDED_POOL_SIZE);
        } else {
            settings = config.database().orElseThrow();
        }
        try {
            plan.schemaModules().forEach(module -> Migrations.apply(settings, module));
        } catch (RuntimeException e) {
            if (embedded != null) {
                embedded.close();
                throw e;
            }
            throw new StartupException(
                    ConfigVariable.DATABASE_URL.env() + ": the database at " + settings.host() + ":" + settings.port()
                            + " could not be used: " + e.getMessage(),
                    e);
        }
        return new DatabaseRuntime(settings, embedded);
    }

    DatabaseSettings settings() {
        return settings;
    }

    HealthCheck healthCheck(Vertx vertx, Duration timeout) {
        return new DatabaseHealthCheck(Database.pool(vertx, settings), timeout);
    }

    @Override
    public void close() {
        if (embedded != null) {
            embedded.close();
        }
    }
}
