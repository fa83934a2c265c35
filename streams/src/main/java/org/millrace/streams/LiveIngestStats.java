package org.millrace.streams;

import io.vertx.core.Future;
import org.millrace.core.bus.PublisherStats;

/**
 * The SRT ingest's live measures of a stream's publisher, asked over the bus; disconnected when no ingest answers
 * or nobody publishes the stream. Asked of {@code ingestNode}, the node holding the publisher (null: any ingest).
 */
@FunctionalInterface
public interface LiveIngestStats {
    Future<PublisherStats> of(String streamId, String ingestNode);

    static LiveIngestStats none() {
        return (streamId, ingestNode) -> Future.succeededFuture(PublisherStats.disconnected(streamId));
    }
}
