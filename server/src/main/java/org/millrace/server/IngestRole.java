package org.millrace.server;

import io.vertx.core.Vertx;
import java.util.concurrent.TimeUnit;
import org.millrace.core.bus.Addresses;
import org.millrace.core.bus.LiveEvent;
import org.millrace.core.bus.LivePlaylistPublisher;
import org.millrace.core.config.ConfigVariable;
import org.millrace.core.media.LiveInput;
import org.millrace.ingest.srt.IngestSettings;
import org.millrace.ingest.srt.SrtIngestVerticle;
import org.millrace.transcoder.TranscoderLiveInput;
import org.millrace.transcoder.TranscoderSettings;

/**
 * The {@code ingest} service: the SRT listener and the transcoders of its publishers, writing live HLS to storage.
 * The only role that loads FFmpeg.
 */
final class IngestRole {
    private IngestRole() {}

    /** Deploys the listener; closing the result undeploys it while the streams service can still hear it. */
    static DeployedIngest deploy(ServiceContext ctx) {
        Vertx vertx = ctx.vertx();
        LiveInput transcoder = new TranscoderLiveInput(
                TranscoderSettings.defaults()
                        .withWorkDir(ctx.config().dataDir().resolve("transcoder"))
                        .withSpool(ctx.config().uploadSpool())
                        .withLiveHls(ctx.config().liveHls()),
                ctx.requireStorage(),
                ctx.metrics().registry(),
                (session, renditions) -> vertx.eventBus()
                        .publish(
                                Addresses.EVENTS_LIVE,
                                LiveEvent.renditions(session.streamId(), session.sessionId(), renditions)),
                new LivePlaylistPublisher(vertx.eventBus()));
        // Its reports name this node (the membership's local id), so the streams service knows who holds what.
        SrtIngestVerticle ingest = new SrtIngestVerticle(
                IngestSettings.from(ctx.config()), transcoder, ctx.metrics().registry(), ctx.membership());
        String deployment;
        try {
            deployment = ServiceContext.await(vertx.deployVerticle(ingest));
        } catch (IllegalStateException e) {
            if (StartupException.isPortTaken(e)) {
                throw new StartupException(
                        ConfigVariable.SRT_PORT.env() + ": UDP port "
                                + ctx.config().srtPort()
                                + " is already in use (another process, or a second ingest on this machine)",
                        e);
            }
            throw e;
        }
        return new DeployedIngest(ingest.localAddress().getPort(), () -> vertx.undeploy(deployment)
                .await(20, TimeUnit.SECONDS));
    }

    /** A running SRT ingest: its UDP port and how to stop it. */
    record DeployedIngest(int srtPort, AutoCloseable stop) {}
}
