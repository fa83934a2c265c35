package org.millrace.core.bus;

import io.vertx.core.eventbus.EventBus;

/** Registers the codecs of every message record on an event bus; each process does this once at start-up. */
public final class BusCodecs {
    private BusCodecs() {
    }

    public static void register(EventBus bus) {
        bus.registerDefaultCodec(ServiceRequest.class,
                new JsonMessageCodec<>(ServiceRequest.class, ServiceRequest::toJson, ServiceRequest::fromJson));
        bus.registerDefaultCodec(ServiceResponse.class,
                new JsonMessageCodec<>(ServiceResponse.class, ServiceResponse::toJson, ServiceResponse::fromJson));
        bus.registerDefaultCodec(PublishRevoked.class,
                new JsonMessageCodec<>(PublishRevoked.class, PublishRevoked::toJson, PublishRevoked::fromJson));
    }
}
