package org.millrace.server;

import org.millrace.ingest.streams.StreamsSettings;
import org.millrace.ingest.streams.StreamsVerticle;

/** The {@code streams} service: stream records, publish authorization and live status. */
final class StreamsRole {
    private StreamsRole() {
    }

    static void deploy(ServiceContext ctx) {
        // The membership is where the streams service learns which ingest nodes are alive (issue 13).
        ctx.deploy(new StreamsVerticle(ctx.config(), ctx.requireDatabase(), StreamsSettings.from(ctx.config()),
                ctx.membership()));
    }
}
