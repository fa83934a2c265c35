package org.millrace.gateway.upload;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.function.Consumer;
import org.millrace.core.bus.ServiceException;
import org.millrace.core.bus.UploadAdvance;
import org.millrace.core.bus.UploadClaim;
import org.millrace.core.bus.UploadCreate;
import org.millrace.core.bus.UploadQuery;
import org.millrace.core.bus.UploadState;
import org.millrace.core.security.Principal;
import org.millrace.core.storage.Storage;
import org.millrace.core.storage.StorageLayout;
import org.millrace.core.storage.upload.UploadObjectState;
import org.millrace.core.storage.upload.UploadObjects;
import org.millrace.core.storage.upload.UploadWriter;
import org.millrace.gateway.ApiErrors;
import org.millrace.gateway.BearerAuthentication;
import org.millrace.gateway.RequestIds;

/**
 * tus 1.0 on {@code /api/uploads} (creation, termination, expiration): OPTIONS, POST to create, HEAD for the
 * offset, PATCH to append, DELETE to cancel. The bytes go from the request to storage here, in the gateway; the
 * uploads service, asked over the event bus, keeps where each upload stands and which request may write it.
 */
public final class TusRoutes {
    static final String COLLECTION = "/api/uploads";
    static final String ONE = "/api/uploads/:id";

    private final Vertx vertx;
    private final UploadsBus bus;
    private final BearerAuthentication authentication;
    private final UploadObjects objects;
    private final Storage storage;
    private final long maxBytes;
    private final Consumer<RoutingContext> liftBodyDeadline;

    /**
     * @param liftBodyDeadline frees a PATCH from the gateway's body deadline: an upload's body takes as long as the
     *                         file takes; the server's idle timeout still ends a stalled one
     */
    public TusRoutes(
            Vertx vertx,
            BearerAuthentication authentication,
            UploadObjects objects,
            Storage storage,
            long maxBytes,
            Duration serviceTimeout,
            Consumer<RoutingContext> liftBodyDeadline) {
        this.vertx = vertx;
        this.bus = new UploadsBus(vertx.eventBus(), serviceTimeout);
        this.authentication = authentication;
        this.objects = objects;
        this.storage = storage;
        this.maxBytes = maxBytes;
        this.liftBodyDeadline = liftBodyDeadline;
    }

    public void register(Router router) {
        router.route(HttpMethod.OPTIONS, COLLECTION).handler(this::options);
        router.route(HttpMethod.OPTIONS, ONE).handler(this::options);
        router.route(HttpMethod.POST, COLLECTION).handler(ctx -> authenticated(ctx, this::create));
        router.route(HttpMethod.HEAD, ONE).handler(ctx -> authenticated(ctx, this::head));
        router.route(HttpMethod.PATCH, ONE).handler(ctx -> authenticated(ctx, this::patch));
        router.route(HttpMethod.DELETE, ONE).handler(ctx -> authenticated(ctx, this::delete));
    }

    private void options(RoutingContext ctx) {
        HttpServerResponse response = ctx.response();
        TusProtocol.resumable(response);
        response.setStatusCode(204)
                .putHeader("Tus-Version", TusProtocol.VERSION)
                .putHeader("Tus-Max-Size", Long.toString(maxBytes))
                .putHeader("Tus-Extension", TusProtocol.EXTENSIONS)
                .end();
    }

    private interface Step {
        void handle(RoutingContext ctx, Principal caller);
    }

    /** The version check and the caller first; the request body waits, paused, until the step reads it. */
    private void authenticated(RoutingContext ctx, Step step) {
        ctx.request().pause();
        TusProtocol.resumable(ctx.response());
        if (!TusProtocol.speaksOurVersion(ctx.request())) {
            ctx.response().putHeader("Tus-Version", TusProtocol.VERSION);
            fail(ctx, new ServiceException(412, "tus_version", "send Tus-Resumable: " + TusProtocol.VERSION));
            return;
        }
        authentication.authenticate(ctx).onComplete(ar -> {
            if (ar.failed()) {
                fail(ctx, ServiceException.unauthorized("the access token is invalid or expired"));
            } else if (ar.result().isEmpty()) {
                fail(ctx, ServiceException.unauthorized("an access token is required"));
            } else {
                step.handle(ctx, ar.result().get());
            }
        });
    }

    private void create(RoutingContext ctx, Principal caller) {
        HttpServerRequest request = ctx.request();
        if (request.getHeader("Upload-Defer-Length") != null) {
            fail(
                    ctx,
                    ServiceException.badRequest(
                            "length_required", "Upload-Defer-Length is not supported: send " + "Upload-Length"));
            return;
        }
        OptionalLong length = TusProtocol.number(request, "Upload-Length");
        if (length.isEmpty()) {
            fail(
                    ctx,
                    ServiceException.badRequest(
                            "invalid_upload_length", "Upload-Length must be the file's size in bytes"));
            return;
        }
        if (length.getAsLong() > maxBytes) {
            fail(
                    ctx,
                    new ServiceException(
                            413,
                            "upload_too_large",
                            "the file is " + length.getAsLong() + " bytes; the largest accepted is " + maxBytes));
            return;
        }
        UploadCreate create;
        try {
            UploadMetadata metadata = UploadMetadata.parse(request.getHeader("Upload-Metadata"));
            create = new UploadCreate(
                    caller.userId(),
                    caller.username(),
                    metadata.require("filename"),
                    metadata.require("title"),
                    metadata.get("description").orElse(""),
                    metadata.tags(),
                    metadata.require("visibility"),
                    length.getAsLong());
        } catch (ServiceException e) {
            fail(ctx, e);
            return;
        }
        String requestId = RequestIds.of(ctx);
        bus.create(create, caller, requestId)
                .compose(upload -> upload.length() == 0
                        ? completeEmpty(upload, caller, requestId)
                        : Future.succeededFuture(upload))
                .onSuccess(upload -> {
                    HttpServerResponse response = ctx.response()
                            .setStatusCode(201)
                            .putHeader("Location", COLLECTION + "/" + upload.id())
                            .putHeader("Cache-Control", "no-store");
                    if (upload.uploading() && upload.expiresAt() != null) {
                        response.putHeader("Upload-Expires", TusProtocol.httpDate(upload.expiresAt()));
                    }
                    endDiscardingBody(ctx);
                })
                .onFailure(failure -> fail(ctx, ServiceException.fromReply(failure)));
    }

    /** A 0-byte file is complete at creation: an empty source, and the upload queued (its worker says why not). */
    private Future<UploadState> completeEmpty(UploadState upload, Principal caller, String requestId) {
        String writerId = "create:" + UUID.randomUUID();
        return vertx.executeBlocking(
                        () -> {
                            storage.put(
                                    StorageLayout.uploadSource(upload.id()), new byte[0], "application/octet-stream");
                            return null;
                        },
                        false)
                .compose(v -> bus.claim(new UploadClaim(upload.id(), caller.userId(), 0, writerId), caller, requestId))
                .compose(claimed -> bus.advance(
                        new UploadAdvance(upload.id(), writerId, 0, 0, UploadObjectState.EMPTY.toJson(), true, true),
                        caller,
                        requestId));
    }

    private void head(RoutingContext ctx, Principal caller) {
        String id = ctx.pathParam("id");
        bus.find(new UploadQuery(id, caller.userId()), caller, RequestIds.of(ctx))
                .onSuccess(upload -> {
                    HttpServerResponse response = ctx.response()
                            .setStatusCode(200)
                            .putHeader("Upload-Offset", Long.toString(upload.offset()))
                            .putHeader("Upload-Length", Long.toString(upload.length()))
                            .putHeader("Cache-Control", "no-store");
                    if (upload.uploading() && upload.expiresAt() != null) {
                        response.putHeader("Upload-Expires", TusProtocol.httpDate(upload.expiresAt()));
                    }
                    response.end();
                })
                .onFailure(failure -> fail(ctx, ServiceException.fromReply(failure)));
    }

    private void delete(RoutingContext ctx, Principal caller) {
        bus.terminate(new UploadQuery(ctx.pathParam("id"), caller.userId()), caller, RequestIds.of(ctx))
                .onSuccess(v -> {
                    ctx.response().setStatusCode(204);
                    endDiscardingBody(ctx);
                })
                .onFailure(failure -> fail(ctx, ServiceException.fromReply(failure)));
    }

    private void patch(RoutingContext ctx, Principal caller) {
        HttpServerRequest request = ctx.request();
        String type = request.getHeader("Content-Type");
        if (type == null || !TusProtocol.OFFSET_OCTET_STREAM.equalsIgnoreCase(type.split(";")[0].strip())) {
            fail(
                    ctx,
                    new ServiceException(
                            415,
                            "unsupported_media_type",
                            "a PATCH carries Content-Type: " + TusProtocol.OFFSET_OCTET_STREAM));
            return;
        }
        OptionalLong offset = TusProtocol.number(request, "Upload-Offset");
        if (offset.isEmpty()) {
            fail(ctx, ServiceException.badRequest("invalid_upload_offset", "Upload-Offset must be a byte offset"));
            return;
        }
        OptionalLong contentLength = TusProtocol.number(request, "Content-Length");
        String id = ctx.pathParam("id");
        String requestId = RequestIds.of(ctx);
        String writerId = "patch:" + UUID.randomUUID();
        bus.claim(new UploadClaim(id, caller.userId(), offset.getAsLong(), writerId), caller, requestId)
                .compose(upload -> {
                    if (contentLength.isPresent() && upload.offset() + contentLength.getAsLong() > upload.length()) {
                        return release(upload, writerId, caller, requestId)
                                .compose(v -> Future.failedFuture(new ServiceException(
                                        413,
                                        "upload_too_long",
                                        "Upload-Offset + Content-Length ("
                                                + (upload.offset() + contentLength.getAsLong())
                                                + ") passes Upload-Length ("
                                                + upload.length() + ")")));
                    }
                    return open(upload, writerId, caller, requestId)
                            .recover(e ->
                                    release(upload, writerId, caller, requestId).transform(v -> Future.failedFuture(e)))
                            .map(opened -> {
                                liftBodyDeadline.accept(ctx);
                                new PatchTransfer(
                                                vertx,
                                                request,
                                                bus,
                                                caller,
                                                requestId,
                                                writerId,
                                                opened.upload(),
                                                opened.writer(),
                                                outcome -> answer(ctx, outcome))
                                        .start();
                                return null;
                            });
                })
                .onFailure(failure -> fail(ctx, ServiceException.fromReply(failure)));
    }

    private record Opened(UploadState upload, UploadWriter writer) {}

    /** The writer for the claimed upload; its storage object is started first if this is its first byte. */
    private Future<Opened> open(UploadState upload, String writerId, Principal caller, String requestId) {
        Future<UploadState> started = upload.storageState() != null
                ? Future.succeededFuture(upload)
                : vertx.executeBlocking(() -> objects.begin(upload.id()), false)
                        .recover(e -> Future.failedFuture(StorageFailures.answer(e)))
                        .compose(state -> bus.advance(
                                new UploadAdvance(
                                        upload.id(),
                                        writerId,
                                        upload.offset(),
                                        upload.offset(),
                                        state.toJson(),
                                        false,
                                        false),
                                caller,
                                requestId));
        return started.compose(current -> vertx.executeBlocking(
                        () -> new Opened(
                                current,
                                objects.resume(
                                        current.id(),
                                        UploadObjectState.fromJson(current.storageState()),
                                        current.offset(),
                                        current.length())),
                        false)
                .recover(e -> Future.failedFuture(StorageFailures.answer(e))));
    }

    private Future<Void> release(UploadState upload, String writerId, Principal caller, String requestId) {
        return bus.advance(
                        new UploadAdvance(upload.id(), writerId, upload.offset(), upload.offset(), null, false, true),
                        caller,
                        requestId)
                .<Void>mapEmpty()
                .recover(e -> Future.succeededFuture());
    }

    private void answer(RoutingContext ctx, PatchTransfer.Outcome outcome) {
        if (outcome.clientGone() || ctx.response().ended() || ctx.response().closed()) {
            return;
        }
        if (outcome.failure() != null) {
            fail(ctx, outcome.failure());
            return;
        }
        ctx.response()
                .setStatusCode(204)
                .putHeader("Upload-Offset", Long.toString(outcome.offset()))
                .putHeader("Cache-Control", "no-store")
                .end();
    }

    /** An error in the contract's JSON shape; a body still unread is not waited for (the connection closes). */
    private static void fail(RoutingContext ctx, ServiceException error) {
        if (!ctx.request().isEnded()) {
            ctx.response().putHeader("Connection", "close");
        }
        ApiErrors.send(ctx, error);
        closeIfUnread(ctx);
    }

    private static void endDiscardingBody(RoutingContext ctx) {
        if (!ctx.request().isEnded()) {
            ctx.response().putHeader("Connection", "close");
        }
        ctx.response().end();
        closeIfUnread(ctx);
    }

    private static void closeIfUnread(RoutingContext ctx) {
        if (!ctx.request().isEnded()) {
            ctx.request().resume();
            // An end handler can only be set before the response is written (after, Vert.x throws, once per request).
            if (ctx.response().ended()) {
                ctx.request().connection().close();
            } else {
                ctx.response().endHandler(v -> ctx.request().connection().close());
            }
        }
    }
}
