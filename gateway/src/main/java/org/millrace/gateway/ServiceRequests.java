package org.millrace.gateway;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.spi.cluster.ClusterManager;
import io.vertx.core.spi.cluster.RegistrationInfo;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.millrace.core.bus.ServiceException;
import org.millrace.core.cluster.ClusterMembership;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's requests to services over the event bus, remembered until answered. A request sent to a member that
 * then dies gets no answer and would wait out its whole bus timeout; so when a member leaves, the requests still
 * waiting for a service that no live member runs any more are answered 503 at once. (With other instances alive,
 * a request cannot tell which one it reached and keeps waiting.) Requests sent after the departure find no handler
 * and fail with 503 straight away.
 */
final class ServiceRequests {
    private static final Logger LOG = LoggerFactory.getLogger(ServiceRequests.class);

    private static final long[] RESWEEP_MILLIS = {250, 1_000, 3_000};

    private final Vertx vertx;
    private final ClusterMembership membership;
    private final Map<Long, Pending> pending = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();

    ServiceRequests(Vertx vertx, ClusterMembership membership) {
        this.vertx = vertx;
        this.membership = membership;
        membership.onMemberLeft(node -> vertx.runOnContext(v -> {
            failOrphans(node);
            // Requests sent in the moment between the departure and Vert.x dropping the member's handlers still
            // went to it: look again once that is surely done.
            for (long delay : RESWEEP_MILLIS) {
                vertx.setTimer(delay, t -> failOrphans(node));
            }
        }));
    }

    <T> Future<Message<T>> request(String address, Object body, DeliveryOptions options) {
        Future<Message<T>> answer = vertx.eventBus().request(address, body, options);
        if (!membership.clustered()) {
            return answer;
        }
        long id = ids.incrementAndGet();
        Promise<Message<T>> result = Promise.promise();
        io.vertx.core.Context context = vertx.getOrCreateContext();
        // Failed on the caller's own event loop, where its HTTP response lives.
        pending.put(id, new Pending(address, failure -> context.runOnContext(v -> result.tryFail(failure))));
        answer.onComplete(ar -> {
            pending.remove(id);
            if (ar.succeeded()) {
                result.tryComplete(ar.result());
            } else {
                result.tryFail(ar.cause());
            }
        });
        return result.future();
    }

    /** How many requests wait for an answer now (bounded by the bus timeout times the request rate). */
    int waiting() {
        return pending.size();
    }

    private void failOrphans(String departed) {
        ClusterManager clusterManager = ((VertxInternal) vertx).clusterManager();
        if (clusterManager == null || pending.isEmpty()) {
            return;
        }
        Map<String, List<Map.Entry<Long, Pending>>> byAddress = new java.util.HashMap<>();
        pending.entrySet().forEach(e -> byAddress
                .computeIfAbsent(e.getValue().address(), a -> new java.util.ArrayList<>())
                .add(e));
        Set<String> alive = membership.members();
        byAddress.forEach((address, waiting) -> {
            Promise<List<RegistrationInfo>> registrations = Promise.promise();
            clusterManager.getRegistrations(address, registrations);
            registrations.future().onSuccess(infos -> {
                boolean served = infos.stream().anyMatch(info -> !info.localOnly() && alive.contains(info.nodeId()));
                if (!served) {
                    LOG.warn(
                            "{} request(s) to {} answered 503: its last instance left with member {}",
                            waiting.size(),
                            address,
                            departed);
                    for (Map.Entry<Long, Pending> entry : waiting) {
                        if (pending.remove(entry.getKey(), entry.getValue())) {
                            entry.getValue()
                                    .fail()
                                    .handle(ServiceException.unavailable(
                                            "the service's instance left the cluster; try again"));
                        }
                    }
                }
            });
        });
    }

    private record Pending(String address, io.vertx.core.Handler<Throwable> fail) {}
}
