package org.millrace.ingest.streams;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * The SRT ingest's live measures of a stream's publisher ({@code bitrateKbps}, {@code rttMs},
 * {@code packetLossPercent}, {@code retransmits}), asked over the bus; an empty object when no ingest answers or
 * nobody publishes the stream. Asked of {@code ingestNode}, the node holding the publisher (null: any ingest).
 */
@FunctionalInterface
public interface LiveIngestStats {
    Future<JsonObject> of(String streamId, String ingestNode);

    static LiveIngestStats none() {
        return (streamId, ingestNode) -> Future.succeededFuture(new JsonObject());
    }
}
