package org.millrace.server;

import java.net.URI;
import java.time.Duration;
import org.millrace.core.vodimport.HttpVodImportClient;
import org.millrace.recorder.RecorderSettings;
import org.millrace.recorder.RecorderVerticle;
import org.millrace.recorder.media.SessionRecordingBuilder;
import org.millrace.transcoder.vod.VodImageSettings;

/**
 * The {@code recorder} service: builds each finished live session into a recording and imports it into the video
 * library over HTTP with the internal key, through {@code MILLRACE_VOD_IMPORT_URL} or this process's own gateway.
 */
final class RecorderRole {
    /** How long the video library may take to answer an import. */
    private static final Duration IMPORT_TIMEOUT = Duration.ofSeconds(60);
    /** The recorder waits for the transcoder's spool a little longer than a segment may wait in it. */
    private static final Duration UPLOAD_WAIT_MARGIN = Duration.ofSeconds(30);

    private RecorderRole() {}

    /** @param localGatewayPort this process's gateway port, used when no import URL is configured (0: none) */
    static void deploy(ServiceContext ctx, int localGatewayPort) {
        SessionRecordingBuilder recordingBuilder = new SessionRecordingBuilder(
                ctx.requireStorage(), ctx.config().dataDir().resolve("recorder"), VodImageSettings.defaults());
        recordingBuilder.removeLeftovers();
        URI importBase =
                ctx.config().vodImportUrl().orElseGet(() -> URI.create("http://127.0.0.1:" + localGatewayPort));
        HttpVodImportClient importer =
                new HttpVodImportClient(ctx.vertx(), importBase, ctx.config().internalApiKey(), IMPORT_TIMEOUT);
        // The membership says which peer's claims are orphaned: a departed recorder's builds are taken over at once.
        ctx.deploy(new RecorderVerticle(
                ctx.requireDatabase(),
                recordingBuilder,
                importer,
                RecorderSettings.defaults()
                        .withRetryDelays(ctx.config().recordingRetryDelays())
                        .withUploadWait(ctx.config().uploadSpool().maxAge().plus(UPLOAD_WAIT_MARGIN)),
                ctx.membership()));
    }
}
