package org.millrace.ingest.streams;

import org.millrace.core.bus.PublisherStats;

import io.vertx.core.Future;

/**
 * The SRT ingest's live measures of a stream's publisher, asked over the bus; disconnected when no ingest answers
 * or nobody publishes the stream.
 */
@FunctionalInterface
public interface LiveIngestStats {
    Future<PublisherStats> of(String streamId);

    static LiveIngestStats none() {
        return streamId -> Future.succeededFuture(PublisherStats.disconnected(streamId));
    }
}
