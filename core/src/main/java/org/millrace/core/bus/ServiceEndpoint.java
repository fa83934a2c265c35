package org.millrace.core.bus;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;

/**
 * The thin event-bus face of a service operation: binds a {@link ServiceHandler} to an address and turns its
 * outcome into a reply, so services are plain classes that never see the bus or HTTP.
 */
public final class ServiceEndpoint {
    private static final Logger LOG = LoggerFactory.getLogger(ServiceEndpoint.class);

    private ServiceEndpoint() {
    }

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
            // Input the database refused is the client's fault: a 400 without a stack trace in the log.
            ServiceException error = failure instanceof ServiceException se ? se
                    : InvalidInput.of(failure).orElse(null);
            if (error == null) {
                LOG.error("{} failed on request {}", address, request.requestId(), failure);
                error = ServiceException.internal();
            }
            message.fail(error.status(), error.toWire());
        });
    }
}
