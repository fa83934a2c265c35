package org.millrace.ingest.streams;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * The SRT ingest's live measures of a stream's publisher ({@code bitrateKbps}, {@code rttMs},
 * {@code packetLossPercent}, {@code retransmits}), asked over the bus; an empty object when no ingest answers or
 * nobody publishes the stream.
 */
@FunctionalInterface
public interface LiveIngestStats {
    Future<JsonObject> of(String streamId);

    static LiveIngestStats none() {
        return streamId -> Future.succeededFuture(new JsonObject());
    }
}
