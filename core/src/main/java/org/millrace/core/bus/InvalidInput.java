package org.millrace.core.bus;

import io.vertx.pgclient.PgException;
import java.util.Optional;
import java.util.Set;

/**
 * Recognises failures that a client's input caused rather than a fault of ours, which a service let through to the
 * database: PostgreSQL refusing text it cannot store (a NUL byte, a character outside the encoding) or cannot read
 * as the column's type. The gateway rejects such input at the edge; this is the second line, so that such a request
 * gets a 400 and never a logged stack trace.
 */
final class InvalidInput {
    /** character_not_in_repertoire, untranslatable_character, invalid_text_representation. */
    private static final Set<String> SQL_STATES = Set.of("22021", "22P05", "22P02");

    private InvalidInput() {}

    static Optional<ServiceException> of(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof PgException pg && SQL_STATES.contains(pg.getSqlState())) {
                return Optional.of(ServiceException.badRequest(
                        "invalid_input", "the request holds characters or values that cannot be stored"));
            }
        }
        return Optional.empty();
    }
}
