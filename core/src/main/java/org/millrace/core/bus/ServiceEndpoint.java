package org.millrace.core.bus;

import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import java.time.Duration;
import java.util.Optional;
import org.millrace.core.db.DatabaseUnavailable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The thin event-bus face of a service operation: binds a {@link ServiceHandler} to an address and turns its
 * outcome into a reply, so services are plain classes that never see the bus or HTTP.
 */
public final class ServiceEndpoint {
    private static final Logger LOG = LoggerFactory.getLogger(ServiceEndpoint.class);
    private static final ThrottledWarning DATABASE_DOWN = new ThrottledWarning(LOG, Duration.ofSeconds(10));

    private ServiceEndpoint() {}

    public static MessageConsumer<ServiceRequest> bind(EventBus bus, String address, ServiceHandler handler) {
        return bus.consumer(address, (Message<ServiceRequest> message) -> dispatch(address, handler, message));
    }

    private static void dispatch(String address, ServiceHandler handler, Message<ServiceRequest> message) {
        ServiceRequest request = message.body();
        Future<ServiceResponse> outcome;
        try {
            outcome = handler.handle(request);
        } catch (RuntimeException thrown) {
            outcome = Future.failedFuture(thrown);
        }
        outcome.onSuccess(message::reply).onFailure(failure -> {
            ServiceException error;
            Optional<ServiceException> invalid = InvalidInput.of(failure);
            if (failure instanceof ServiceException se) {
                error = se;
            } else if (failure instanceof MalformedMessage malformed) {
                error = malformed.toServiceException(); // the caller sent a body the contract cannot read
            } else if (invalid.isPresent()) {
                // Input the database refused is the client's fault: a 400 without a stack trace in the log.
                error = invalid.get();
            } else if (DatabaseUnavailable.is(failure)) {
                // Every request fails alike while the database is down: one line per address every few seconds.
                DATABASE_DOWN.report(address, "database unavailable, answering 503: " + failure);
                error = ServiceException.dependencyDown("the database is not answering; try again shortly");
            } else {
                LOG.error("{} failed on request {}", address, request.requestId(), failure);
                error = ServiceException.internal();
            }
            message.fail(error.status(), error.toWire());
        });
    }
}
