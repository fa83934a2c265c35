package org.millrace.gateway.upload;

import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Map;
import org.millrace.core.bus.Addresses;
import org.millrace.core.bus.MalformedMessage;
import org.millrace.core.bus.ServiceException;
import org.millrace.core.bus.ServiceRequest;
import org.millrace.core.bus.ServiceResponse;
import org.millrace.core.bus.UploadAdvance;
import org.millrace.core.bus.UploadClaim;
import org.millrace.core.bus.UploadCreate;
import org.millrace.core.bus.UploadQuery;
import org.millrace.core.bus.UploadState;
import org.millrace.core.security.Principal;

/** The tus handler's questions to the uploads service, each a typed record in a {@link ServiceRequest}'s body. */
final class UploadsBus {
    private final EventBus bus;
    private final DeliveryOptions delivery;

    UploadsBus(EventBus bus, Duration timeout) {
        this.bus = bus;
        this.delivery = new DeliveryOptions().setSendTimeout(timeout.toMillis());
    }

    Future<UploadState> create(UploadCreate create, Principal caller, String requestId) {
        return ask(Addresses.UPLOADS_CREATE, create.toJson(), caller, requestId);
    }

    Future<UploadState> find(UploadQuery query, Principal caller, String requestId) {
        return ask(Addresses.UPLOADS_FIND, query.toJson(), caller, requestId);
    }

    Future<UploadState> claim(UploadClaim claim, Principal caller, String requestId) {
        return ask(Addresses.UPLOADS_CLAIM, claim.toJson(), caller, requestId);
    }

    Future<UploadState> advance(UploadAdvance advance, Principal caller, String requestId) {
        return ask(Addresses.UPLOADS_ADVANCE, advance.toJson(), caller, requestId);
    }

    Future<Void> terminate(UploadQuery query, Principal caller, String requestId) {
        return request(Addresses.UPLOADS_TERMINATE, query.toJson(), caller, requestId)
                .mapEmpty();
    }

    private Future<UploadState> ask(String address, JsonObject body, Principal caller, String requestId) {
        return request(address, body, caller, requestId).map(reply -> {
            if (!(reply.body() instanceof JsonObject json)) {
                throw ServiceException.internal();
            }
            try {
                return UploadState.fromJson(json);
            } catch (MalformedMessage notTheContract) {
                throw ServiceException.internal();
            }
        });
    }

    private Future<ServiceResponse> request(String address, JsonObject body, Principal caller, String requestId) {
        ServiceRequest request = new ServiceRequest(requestId, Map.of(), Map.of(), body, caller, null);
        return bus.<ServiceResponse>request(address, request, delivery)
                .map(reply -> reply.body())
                .recover(failure -> Future.failedFuture(ServiceException.fromReply(failure)));
    }
}
