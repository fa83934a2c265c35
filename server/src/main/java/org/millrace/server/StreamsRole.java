package org.millrace.server;

import org.millrace.streams.StreamsSettings;
import org.millrace.streams.StreamsVerticle;

/** The {@code streams} service: stream records, publish authorization and live status. */
final class StreamsRole {
    private StreamsRole() {}

    static void deploy(ServiceContext ctx) {
        // The membership says which ingest nodes are alive: a departed node's streams turn reconnecting.
        ctx.deploy(new StreamsVerticle(
                ctx.config(), ctx.requireDatabase(), StreamsSettings.from(ctx.config()), ctx.membership()));
    }
}
