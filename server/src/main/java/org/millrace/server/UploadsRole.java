package org.millrace.server;

import org.millrace.core.storage.upload.UploadObjects;
import org.millrace.uploads.service.UploadsVerticle;

/**
 * The {@code uploads} service: where each upload stands (the gateways move the bytes), the caller's uploads, and
 * the expiry of abandoned ones (it deletes their bytes, so it needs the storage).
 */
final class UploadsRole {
    private UploadsRole() {}

    static void deploy(ServiceContext ctx) {
        UploadObjects objects = UploadObjects.of(
                ctx.config(), ctx.requireStorage(), ctx.config().dataDir().resolve("upload-parts"));
        ctx.deploy(
                new UploadsVerticle(ctx.requireDatabase(), objects, ctx.config().uploads()));
    }
}
