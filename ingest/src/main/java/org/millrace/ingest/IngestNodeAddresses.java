package org.millrace.ingest;

import org.millrace.core.bus.Addresses;

/**
 * Event-bus addresses of one SRT ingest node, for questions only the node holding a publisher can answer: with
 * several nodes a plain {@link Addresses#INGEST_LIVE_STATS} request would reach any one of them.
 */
public final class IngestNodeAddresses {
    private IngestNodeAddresses() {
    }

    /** The live measures of the publishers held by {@code node} (its cluster node id). */
    public static String liveStats(String node) {
        return Addresses.INGEST_LIVE_STATS + "." + node;
    }
}
