package org.millrace.core.db;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.VertxException;
import io.vertx.pgclient.PgException;
import java.net.ConnectException;
import org.junit.jupiter.api.Test;

/** What counts as the database being out of reach (a 503) and what is a failure of the query itself (a 500). */
class DatabaseUnavailableTest {
    @Test
    void unreachableOrShuttingDownIsUnavailable() {
        assertThat(DatabaseUnavailable.is(new VertxException("wrapped", new ConnectException("refused"))))
                .isTrue();
        assertThat(DatabaseUnavailable.is(new PgException("terminating connection", "FATAL", "57P01", null)))
                .isTrue();
        assertThat(DatabaseUnavailable.is(new PgException("starting up", "FATAL", "57P03", null)))
                .isTrue();
        assertThat(DatabaseUnavailable.is(new PgException("connection failure", "FATAL", "08006", null)))
                .isTrue();
    }

    @Test
    void aQueryThatFailsOnItsOwnIsNot() {
        assertThat(DatabaseUnavailable.is(new PgException("duplicate key", "ERROR", "23505", null)))
                .isFalse();
        assertThat(DatabaseUnavailable.is(new IllegalStateException("bug"))).isFalse();
        assertThat(DatabaseUnavailable.is(null)).isFalse();
    }
}
