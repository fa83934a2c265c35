package org.millrace.streams;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageConsumer;
import java.util.List;
import java.util.UUID;
import org.millrace.core.bus.JsonMessageCodec;

/**
 * Keeps the in-memory state of every streams instance the same: the viewer counts ({@link ViewerCounter}) and the
 * last publish refusals ({@link PublishRefusals}). Each change an instance takes (a heartbeat, a stream's viewers
 * forgotten, a refusal, a clearing) is applied locally and published on the event bus (clustered: every member);
 * the other instances apply it to their own copy. So a viewer whose heartbeats land on different instances counts
 * once, counts are the same everywhere, and every memory bound holds on each instance as in one process. An
 * instance that starts (or restarts) undercounts until each viewer's next heartbeat (one window at most).
 */
public final class StreamsStateSync {
    public static final String VIEWERS = "millrace.streams.viewers-changed";
    public static final String REFUSALS = "millrace.streams.refusals-changed";

    private final Vertx vertx;
    private final ViewerCounter viewers;
    private final PublishRefusals refusals;
    private final String self = UUID.randomUUID().toString();
    private List<MessageConsumer<?>> consumers = List.of();

    public StreamsStateSync(Vertx vertx, ViewerCounter viewers, PublishRefusals refusals) {
        this.vertx = vertx;
        this.viewers = viewers;
        this.refusals = refusals;
    }

    /** Registers the codecs once per Vert.x instance (several streams verticles may share one). */
    static void registerCodecs(EventBus bus) {
        try {
            bus.registerDefaultCodec(
                    ViewerChange.class,
                    new JsonMessageCodec<>(ViewerChange.class, ViewerChange::toJson, ViewerChange::fromJson));
            bus.registerDefaultCodec(
                    RefusalChange.class,
                    new JsonMessageCodec<>(RefusalChange.class, RefusalChange::toJson, RefusalChange::fromJson));
        } catch (IllegalStateException alreadyRegistered) {
            // Another streams verticle of this process did it.
        }
    }

    public Future<Void> start() {
        EventBus bus = vertx.eventBus();
        registerCodecs(bus);
        MessageConsumer<ViewerChange> viewerChanges = bus.consumer(VIEWERS, message -> {
            ViewerChange change = message.body();
            if (self.equals(change.origin())) {
                return;
            }
            if (change.forgetsStream()) {
                viewers.forgottenElsewhere(change.streamId());
            } else {
                viewers.seenElsewhere(change.streamId(), change.viewerId(), change.clientAddress());
            }
        });
        MessageConsumer<RefusalChange> refusalChanges = bus.consumer(REFUSALS, message -> {
            RefusalChange change = message.body();
            if (!self.equals(change.origin())) {
                refusals.changedElsewhere(change);
            }
        });
        consumers = List.of(viewerChanges, refusalChanges);
        viewers.onChange((streamId, viewerId, clientAddress) ->
                bus.publish(VIEWERS, new ViewerChange(self, streamId, viewerId, clientAddress)));
        refusals.onChange((streamId, refusal) -> bus.publish(
                REFUSALS,
                new RefusalChange(
                        self,
                        streamId,
                        refusal == null ? null : refusal.reason(),
                        refusal == null ? null : refusal.at())));
        return Future.all(viewerChanges.completion(), refusalChanges.completion())
                .mapEmpty();
    }

    public Future<Void> stop() {
        return Future.all(consumers.stream().map(MessageConsumer::unregister).toList())
                .mapEmpty();
    }
}
