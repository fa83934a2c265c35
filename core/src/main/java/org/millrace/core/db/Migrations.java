package org.millrace.core.db;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.MigrateResult;
import org.millrace.core.config.DatabaseSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies a module's versioned SQL migrations from {@code classpath:db/migration/<module>}, each module with
 * its own history table, so every service owns and migrates its tables whether it runs alone or in the
 * all-in-one server. Safe to run on every start and from several processes at once (Flyway locks).
 */
public final class Migrations {
    private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);

    private Migrations() {}

    /** Returns how many migrations were applied now (0 when the schema was already current). */
    public static int apply(DatabaseSettings db, String module) {
        if (!module.matches("[a-z][a-z0-9_]*")) {
            throw new IllegalArgumentException("module name must be lower-case letters, digits and _: " + module);
        }
        try {
            Flyway flyway = Flyway.configure(Migrations.class.getClassLoader())
                    .dataSource(db.jdbcUrl(), db.user(), db.password())
                    .locations("classpath:db/migration/" + module)
                    .table("schema_history_" + module)
                    // Other modules' tables may already be there: that is not a reason to refuse.
                    .baselineOnMigrate(true)
                    .baselineVersion("0")
                    .failOnMissingLocations(true)
                    .load();
            MigrateResult result = flyway.migrate();
            if (result.migrationsExecuted > 0) {
                LOG.info(
                        "{}: applied {} migration(s), schema now at version {}",
                        module,
                        result.migrationsExecuted,
                        result.targetSchemaVersion);
            }
            return result.migrationsExecuted;
        } catch (FlywayException e) {
            throw new DatabaseException("migrations of " + module + " failed: " + e.getMessage(), e);
        }
    }
}
