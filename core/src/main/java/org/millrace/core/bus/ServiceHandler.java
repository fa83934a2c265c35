package org.millrace.core.bus;

import io.vertx.core.Future;

/** One service operation: a request in, a response (or a failed future with a ServiceException) out. */
@FunctionalInterface
public interface ServiceHandler {
    Future<ServiceResponse> handle(ServiceRequest request);
}
