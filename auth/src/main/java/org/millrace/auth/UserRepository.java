package org.millrace.auth;

import io.vertx.core.Future;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.util.Arrays;
import java.util.Optional;
import java.util.UUID;
import org.millrace.core.bus.ServiceException;

/** The {@code users} table. Every value travels as a bound parameter; lookups are case-insensitive. */
public final class UserRepository {
    private static final String COLUMNS = "id::text, username, email, roles, created_at, password_hash";
    private static final String UNIQUE_VIOLATION = "23505";

    private final Pool pool;

    public UserRepository(Pool pool) {
        this.pool = pool;
    }

    /** Inserts a user with the {@code user} role; 409 {@code username_taken} or {@code email_taken} on a clash. */
    public Future<User> create(String username, String email, String passwordHash) {
        return pool.preparedQuery(
                        "INSERT INTO users (username, email, password_hash) VALUES ($1, $2, $3) RETURNING " + COLUMNS)
                .execute(Tuple.of(username, email, passwordHash))
                .map(UserRepository::single)
                .map(Optional::orElseThrow)
                .recover(failure -> Future.failedFuture(translate(failure)));
    }

    public Future<Optional<User>> findByUsername(String username) {
        return one("SELECT " + COLUMNS + " FROM users WHERE lower(username) = lower($1)", username);
    }

    public Future<Optional<User>> findByEmail(String email) {
        return one("SELECT " + COLUMNS + " FROM users WHERE lower(email) = lower($1)", email);
    }

    /** A user by id; empty for an unknown id or one that is not a UUID at all. */
    public Future<Optional<User>> findById(String id) {
        try {
            return pool.preparedQuery("SELECT " + COLUMNS + " FROM users WHERE id = $1")
                    .execute(Tuple.of(UUID.fromString(id)))
                    .map(UserRepository::single);
        } catch (IllegalArgumentException notAUuid) {
            return Future.succeededFuture(Optional.empty());
        }
    }

    /** Adds {@code role} to the user named {@code username}; false when there is no such user. */
    public Future<Boolean> grantRole(String username, String role) {
        return pool.preparedQuery("UPDATE users SET roles = CASE WHEN $2::text = ANY(roles) THEN roles "
                        + "ELSE array_append(roles, $2::text) END WHERE lower(username) = lower($1)")
                .execute(Tuple.of(username, role))
                .map(rows -> rows.rowCount() > 0);
    }

    private Future<Optional<User>> one(String sql, String value) {
        return pool.preparedQuery(sql).execute(Tuple.of(value)).map(UserRepository::single);
    }

    private static Optional<User> single(RowSet<Row> rows) {
        var it = rows.iterator();
        return it.hasNext() ? Optional.of(toUser(it.next())) : Optional.empty();
    }

    private static User toUser(Row row) {
        return new User(
                row.getString(0),
                row.getString(1),
                row.getString(2),
                Arrays.asList(row.getArrayOfStrings(3)),
                row.getOffsetDateTime(4).toInstant(),
                row.getString(5));
    }

    private static Throwable translate(Throwable failure) {
        if (failure instanceof PgException pg && UNIQUE_VIOLATION.equals(pg.getSqlState())) {
            String constraint = String.valueOf(pg.getConstraint());
            if (constraint.contains("email")) {
                return ServiceException.conflict("email_taken", "that e-mail address is already registered");
            }
            if (constraint.contains("username")) {
                return ServiceException.conflict("username_taken", "that username is taken");
            }
        }
        return failure;
    }
}
