package org.millrace.core.vodimport;

import io.vertx.core.Future;
import org.millrace.core.bus.VideoImportBody;

/**
 * Hands a finished recording to the video library ({@code POST /internal/videos/import}). Never blocks the caller.
 * Fails with a {@link VodImportException} saying whether trying again could help.
 */
public interface VodImportClient {

    /** Imports the body of the shared import contract; answers the video's id. Idempotent per recordingId. */
    Future<String> importVideo(VideoImportBody body);
}
