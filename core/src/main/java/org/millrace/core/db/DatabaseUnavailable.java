package org.millrace.core.db;

import io.netty.channel.ConnectTimeoutException;
import io.vertx.core.impl.NoStackTraceTimeoutException;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.TimeoutException;

/**
 * Tells a database that cannot be reached (refused or timed-out connections, connections cut, a server shutting
 * down or starting up) from a query that failed on its own merits: the first is a 503 the caller may retry, the
 * second a bug or a conflict.
 */
public final class DatabaseUnavailable {
    private static final int MAX_CAUSES = 8;

    private DatabaseUnavailable() {}

    /** Whether {@code failure} (or one of its causes) says the database is out of reach. */
    public static boolean is(Throwable failure) {
        Throwable t = failure;
        for (int i = 0; t != null && i < MAX_CAUSES; i++, t = t.getCause()) {
            if (t instanceof ConnectException
                    || t instanceof NoRouteToHostException
                    || t instanceof ConnectTimeoutException
                    || t instanceof ClosedConnectionException
                    || t instanceof ClosedChannelException
                    || t instanceof NoStackTraceTimeoutException
                    || t instanceof TimeoutException) {
                return true;
            }
            if (t instanceof PgException pg && unavailableState(pg.getSqlState())) {
                return true;
            }
        }
        return false;
    }

    /** SQLSTATE class 08 (connection exception) and 57P01-57P03 (admin/crash shutdown, cannot connect now). */
    private static boolean unavailableState(String state) {
        return state != null
                && (state.startsWith("08") || state.equals("57P01") || state.equals("57P02") || state.equals("57P03"));
    }
}
