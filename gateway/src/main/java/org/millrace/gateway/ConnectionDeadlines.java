package org.millrace.gateway;

import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Closes connections whose client is too slow to be anything but an attack (slowloris): a request's header must
 * arrive within the deadline of the connection opening or of its previous response ending, and its body within the
 * deadline of its header. The idle timeout alone would not do: a byte every minute keeps a connection "active"
 * forever, and enough of them exhaust the process's file descriptors. A connection serving a request (say, a long
 * video download to a slow viewer) is not idle and is left alone. Call on the server's event loop only.
 */
final class ConnectionDeadlines {
    private static final String SEEN = "millrace.deadlineSeen";
    private static final String BODY_TIMER = "millrace.bodyTimer";
    private final Vertx vertx;
    private final long deadlineMillis;
    private final Map<HttpConnection, Activity> connections = new HashMap<>();

    ConnectionDeadlines(Vertx vertx, Duration deadline) {
        this.vertx = vertx;
        this.deadlineMillis = Math.max(1, deadline.toMillis());
    }

    /** For {@link io.vertx.core.http.HttpServer#connectionHandler}: starts the wait for the first request. */
    void opened(HttpConnection connection) {
        Activity activity = new Activity(connection);
        connections.put(connection, activity);
        activity.startWaiting();
    }

    /** For the close of a connection {@link #opened} saw. */
    void closed(HttpConnection connection) {
        Activity gone = connections.remove(connection);
        if (gone != null) {
            gone.close();
        }
    }

    /** The first route of every request: it has a header; its body gets the deadline, the next request another. */
    Handler<RoutingContext> requests() {
        return ctx -> {
            HttpServerRequest request = ctx.request();
            Activity activity = connections.get(request.connection());
            // Once per request: a reroute (the web app's page paths) runs this route again.
            if (activity != null && ctx.get(SEEN) == null) {
                ctx.put(SEEN, Boolean.TRUE);
                activity.requestStarted();
                long bodyTimer = request.isEnded()
                        ? -1
                        : vertx.setTimer(deadlineMillis, fired -> {
                            if (!request.isEnded()) {
                                request.connection().close();
                            }
                        });
                ctx.put(BODY_TIMER, bodyTimer);
                // An LL-HLS answer ends on the live edges' loop (LiveEdges#onHome): back to this one.
                Context loop = Vertx.currentContext();
                ctx.addEndHandler(ended -> Loops.runOn(loop, () -> ended(activity, bodyTimer)));
            }
            ctx.next();
        };
    }

    private void ended(Activity activity, long bodyTimer) {
        vertx.cancelTimer(bodyTimer);
        activity.requestEnded();
    }

    /**
     * Frees this request's body from the deadline: an upload's body takes as long as the file takes (the server's
     * idle timeout still ends one that stalls).
     */
    void liftBodyDeadline(RoutingContext ctx) {
        Long timer = ctx.get(BODY_TIMER);
        if (timer != null && timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    /** One connection's requests in flight (HTTP/2 may have several) and the timer that runs while there are none. */
    private final class Activity {
        private final HttpConnection connection;
        private int inFlight;
        private long idleTimer = -1;
        private boolean closed;

        Activity(HttpConnection connection) {
            this.connection = connection;
        }

        void requestStarted() {
            inFlight++;
            stopWaiting();
        }

        void requestEnded() {
            if (--inFlight == 0) {
                startWaiting();
            }
        }

        void close() {
            closed = true;
            stopWaiting();
        }

        void startWaiting() {
            stopWaiting();
            if (closed) {
                return;
            }
            idleTimer = vertx.setTimer(deadlineMillis, fired -> {
                idleTimer = -1;
                connection.close();
            });
        }

        void stopWaiting() {
            if (idleTimer >= 0) {
                vertx.cancelTimer(idleTimer);
                idleTimer = -1;
            }
        }
    }
}
