package org.millrace.server;

import org.millrace.vod.VodVerticle;

/** The {@code vod} service: the video library and its imports. */
final class VodRole {
    private VodRole() {}

    static void deploy(ServiceContext ctx) {
        ctx.deploy(new VodVerticle(ctx.config(), ctx.requireDatabase(), ctx.requireStorage()));
    }
}
