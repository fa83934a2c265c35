package org.millrace.gateway;

import io.vertx.core.http.HttpConnection;
import io.vertx.core.net.SocketAddress;
import java.util.HashMap;
import java.util.Map;
import org.millrace.core.config.TrustedProxies;

/**
 * Caps the open connections of one client address, as nginx's {@code limit_conn} does: even with every slow
 * connection cut at the request deadline, one client opening hundreds a second would hold thousands at a time and
 * run the process out of file descriptors. The trusted proxies are exempt (nginx's own limits count their clients).
 * Thread-safe: the HTTP servers on all the gateway's event loops count against one.
 */
final class ConnectionsPerAddress {
    private final int limit;
    private final TrustedProxies exempt;
    private final Map<String, Integer> open = new HashMap<>();

    ConnectionsPerAddress(int limit, TrustedProxies exempt) {
        this.limit = limit;
        this.exempt = exempt;
    }

    /** Counts a new connection, or closes it at once when its address already has {@code limit} open. */
    boolean admit(HttpConnection connection) {
        String address = counted(connection);
        if (address == null) {
            return true;
        }
        if (!count(address)) {
            connection.close();
            return false;
        }
        return true;
    }

    private synchronized boolean count(String address) {
        int count = open.getOrDefault(address, 0);
        if (count >= limit) {
            return false;
        }
        open.put(address, count + 1);
        return true;
    }

    /** For the close of a connection {@link #admit} let in. */
    void closed(HttpConnection connection) {
        String address = counted(connection);
        if (address != null) {
            uncount(address);
        }
    }

    private synchronized void uncount(String address) {
        open.computeIfPresent(address, (a, n) -> n > 1 ? n - 1 : null);
    }

    /** The address a connection counts against, or null when it counts against none. */
    private String counted(HttpConnection connection) {
        SocketAddress remote = connection.remoteAddress();
        String address = remote == null ? null : remote.hostAddress();
        return address == null || exempt.trusts(address) ? null : address;
    }
}
