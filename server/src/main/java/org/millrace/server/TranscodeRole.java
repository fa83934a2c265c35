package org.millrace.server;

import java.net.URI;
import java.time.Duration;
import org.millrace.core.vodimport.HttpVodImportClient;
import org.millrace.uploads.jobs.TranscodeVerticle;
import org.millrace.uploads.media.UploadTranscodeSettings;

/**
 * The {@code transcode} worker: takes uploaded files from the queue in PostgreSQL, transcodes them to the live ladder
 * and imports each into the video library over HTTP with the internal key, through {@code MILLRACE_VOD_IMPORT_URL}
 * or this process's own gateway (as the recorder does).
 */
final class TranscodeRole {
    /** How long the video library may take to answer an import. */
    private static final Duration IMPORT_TIMEOUT = Duration.ofSeconds(60);

    private TranscodeRole() {}

    /** @param localGatewayPort this process's gateway port, used when no import URL is configured (0: none) */
    static void deploy(ServiceContext ctx, int localGatewayPort) {
        URI importBase =
                ctx.config().vodImportUrl().orElseGet(() -> URI.create("http://127.0.0.1:" + localGatewayPort));
        HttpVodImportClient importer =
                new HttpVodImportClient(ctx.vertx(), importBase, ctx.config().internalApiKey(), IMPORT_TIMEOUT);
        UploadTranscodeSettings media = UploadTranscodeSettings.defaults()
                .withMaxDuration(ctx.config().transcodeJobs().maxDuration());
        ctx.deploy(new TranscodeVerticle(
                ctx.requireDatabase(),
                ctx.requireStorage(),
                importer,
                ctx.config().transcodeJobs(),
                media,
                ctx.config().dataDir().resolve("transcode"),
                ctx.membership().localNodeId(),
                TranscodeVerticle.POLL));
    }
}
