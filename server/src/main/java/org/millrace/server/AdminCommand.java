package org.millrace.server;

import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.io.PrintStream;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.millrace.auth.UserRepository;
import org.millrace.core.config.DatabaseSettings;
import org.millrace.core.config.MillraceConfig;
import org.millrace.core.db.Database;
import org.millrace.core.db.EmbeddedDatabase;
import org.millrace.core.db.Migrations;
import org.millrace.core.security.Principal;

/**
 * {@code java -jar millrace-server.jar admin grant <username> [admin|moderator]}: gives an existing account a role
 * (admin when unsaid), the documented way to make the first admin. It starts only the database it needs: the
 * configured one, the embedded one a running server holds, or the embedded one itself, and exits.
 */
final class AdminCommand {
    static final String USAGE = "usage: java -jar millrace-server.jar admin grant <username> [admin|moderator]";
    private static final Set<String> GRANTABLE = Set.of(Principal.ROLE_ADMIN, Principal.ROLE_MODERATOR);

    private final MillraceConfig config;
    private final PrintStream out;

    AdminCommand(MillraceConfig config, PrintStream out) {
        this.config = config;
        this.out = out;
    }

    /** Runs {@code args} (after "admin"); the process exit code: 0 done, 1 no such user, 2 bad usage. */
    int run(List<String> args) {
        if (args.size() < 2 || args.size() > 3 || !"grant".equals(args.get(0))) {
            out.println(USAGE);
            return 2;
        }
        String username = args.get(1);
        String role = args.size() == 3 ? args.get(2) : Principal.ROLE_ADMIN;
        if (!GRANTABLE.contains(role)) {
            out.println("unknown role '" + role + "'; " + USAGE);
            return 2;
        }
        EmbeddedDatabase started = null;
        try {
            DatabaseSettings db;
            if (config.database().isPresent()) {
                db = config.database().get();
            } else {
                var running = RunningEmbeddedDatabase.find(config.embeddedDatabaseDir());
                if (running.isPresent()) {
                    db = running.get();
                } else {
                    started = EmbeddedDatabase.start(config.embeddedDatabaseDir());
                    db = started.settings(1);
                }
            }
            Migrations.apply(db, "core");
            Migrations.apply(db, "auth");
            boolean granted = grant(db, username, role);
            out.println(
                    granted
                            ? "granted " + role + " to " + username
                                    + " (it takes effect at their next login or token refresh)"
                            : "no user named " + username);
            return granted ? 0 : 1;
        } finally {
            if (started != null) {
                started.close();
            }
        }
    }

    private static boolean grant(DatabaseSettings db, String username, String role) {
        Vertx vertx = Vertx.vertx();
        try {
            Pool pool = Database.pool(vertx, db);
            return new UserRepository(pool).grantRole(username, role).await(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("could not update the user: " + e.getMessage(), e);
        } finally {
            try {
                vertx.close().await(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                // nothing left to do: the process is about to exit
            }
        }
    }
}
