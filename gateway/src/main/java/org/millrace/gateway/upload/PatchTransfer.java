package org.millrace.gateway.upload;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.millrace.core.bus.ServiceException;
import org.millrace.core.bus.UploadAdvance;
import org.millrace.core.bus.UploadState;
import org.millrace.core.security.Principal;
import org.millrace.core.storage.upload.UploadCheckpoint;
import org.millrace.core.storage.upload.UploadObjectState;
import org.millrace.core.storage.upload.UploadWriter;

/**
 * One PATCH's bytes, from the request to storage as they arrive, for the request that holds the upload's claim.
 * Every {@link #WRITE_BYTES} go to a worker that hands them to the {@link UploadWriter} (a file append, or a part
 * file that becomes an S3 part) while the next ones arrive; when those are ready too before the write is done, the
 * request is paused, so at most two of them are in memory and a fast client is held to storage's pace. Each
 * checkpoint the writer reaches (also one that an acknowledgement brings while the request stalls) is recorded with
 * the uploads service before the next bytes are written, and the end of the request (or of the connection) makes the
 * rest durable and records it: a dropped connection loses only what was still in flight. Nothing here blocks the
 * event loop.
 */
final class PatchTransfer {
    static final int WRITE_BYTES = 1 << 20;
    /** The claim is renewed this often while bytes trickle in (the service's lease is 60 s). */
    private static final long RENEW_EVERY_MS = 20_000;

    /** How a transfer ended: the offset recorded, or the failure to answer with (null when nobody is listening). */
    record Outcome(long offset, ServiceException failure, boolean clientGone) {}

    private final Vertx vertx;
    private final Context context;
    private final HttpServerRequest request;
    private final UploadsBus bus;
    private final Principal caller;
    private final String requestId;
    private final String writerId;
    private final UploadState upload;
    private final UploadWriter writer;
    private final Consumer<Outcome> done;
    private Buffer pending = Buffer.buffer();
    private long received;
    private long recorded;
    private boolean completeRecorded;
    private boolean busy;
    private boolean ended;
    private boolean gone;
    private boolean finished;
    private ServiceException failure;
    private long renewTimer = -1;
    private Future<?> advances = Future.succeededFuture();
    /** The writer's bytes in flight that {@link #acknowledged()} will be called for. */
    private CompletableFuture<?> watched;

    PatchTransfer(
            Vertx vertx,
            HttpServerRequest request,
            UploadsBus bus,
            Principal caller,
            String requestId,
            String writerId,
            UploadState upload,
            UploadWriter writer,
            Consumer<Outcome> done) {
        this.vertx = vertx;
        this.context = vertx.getOrCreateContext();
        this.request = request;
        this.bus = bus;
        this.caller = caller;
        this.requestId = requestId;
        this.writerId = writerId;
        this.upload = upload;
        this.writer = writer;
        this.done = done;
        this.recorded = upload.offset();
    }

    /** Starts reading the (paused) request. */
    void start() {
        request.handler(this::onData);
        request.endHandler(v -> {
            ended = true;
            next();
        });
        request.exceptionHandler(e -> onGone());
        request.connection().closeHandler(v -> onGone());
        renewTimer = vertx.setPeriodic(RENEW_EVERY_MS, t -> record(recorded, null, false, false));
        if (request.isEnded()) {
            ended = true;
        }
        next();
        request.resume();
    }

    private void onGone() {
        if (!ended) {
            gone = true;
            next();
        }
    }

    private void onData(Buffer chunk) {
        if (failure != null || finished) {
            return;
        }
        if (upload.offset() + received + chunk.length() > upload.length()) {
            failure = new ServiceException(
                    413,
                    "upload_too_long",
                    "the request carries more bytes than the " + "upload's Upload-Length (" + upload.length() + ")");
            pending = Buffer.buffer();
            request.pause();
            next();
            return;
        }
        received += chunk.length();
        pending.appendBuffer(chunk);
        if (pending.length() >= WRITE_BYTES) {
            if (busy) {
                request.pause(); // a write is under way and the next one is ready: that is the bound
            } else {
                next();
            }
        }
    }

    /** The one place that moves the transfer on: a write, the final flush, or waiting for more bytes. */
    private void next() {
        if (busy || finished) {
            return;
        }
        if (failure != null) {
            finish(false);
            return;
        }
        boolean last = ended || gone;
        if (pending.length() >= WRITE_BYTES || (last && pending.length() > 0)) {
            Buffer take = pending;
            pending = Buffer.buffer();
            busy = true;
            vertx.<Optional<UploadCheckpoint>>executeBlocking(
                            () -> writer.write(((io.vertx.core.internal.buffer.BufferInternal) take)
                                    .getByteBuf()
                                    .nioBuffer()),
                            false)
                    .compose(this::recordIfAny)
                    .onComplete(ar -> {
                        busy = false;
                        if (ar.failed()) {
                            failure = storageFailure(ar.cause());
                        } else if (!last) {
                            request.resume();
                        }
                        watchInFlight();
                        next();
                    });
        } else if (last) {
            finish(true);
        }
    }

    /** Has the writer's bytes in flight, once acknowledged, recorded even if no more bytes come. */
    private void watchInFlight() {
        CompletableFuture<?> part = writer.inFlight();
        if (part == null) {
            return;
        }
        if (part != watched) {
            watched = part;
            part.whenComplete((r, e) -> context.runOnContext(v -> acknowledged()));
        } else if (part.isDone()) {
            context.runOnContext(v -> acknowledged()); // it came while a write was under way, after its last look
        }
    }

    private void acknowledged() {
        if (busy || finished || failure != null) {
            return; // the write or flush under way takes the checkpoint
        }
        busy = true;
        vertx.<Optional<UploadCheckpoint>>executeBlocking(() -> writer.write(ByteBuffer.allocate(0)), false)
                .compose(this::recordIfAny)
                .onComplete(ar -> {
                    busy = false;
                    if (ar.failed()) {
                        failure = storageFailure(ar.cause());
                    }
                    next();
                });
    }

    private Future<Void> recordIfAny(Optional<UploadCheckpoint> checkpoint) {
        if (checkpoint.isEmpty()) {
            return Future.succeededFuture();
        }
        UploadCheckpoint cp = checkpoint.get();
        return record(cp.offset(), cp.state(), cp.complete(), false)
                .compose(v -> vertx.executeBlocking(
                        () -> {
                            writer.committed(cp);
                            return null;
                        },
                        false));
    }

    /** Records a checkpoint (or renews the claim) after any record before it: advances never overlap. */
    private Future<Void> record(long offset, UploadObjectState state, boolean complete, boolean release) {
        Future<Void> mine = advances.transform(previous -> {
            if (completeRecorded) {
                return Future.succeededFuture();
            }
            long from = recorded;
            return bus.advance(
                            new UploadAdvance(
                                    upload.id(),
                                    writerId,
                                    from,
                                    Math.max(from, offset),
                                    state == null ? null : state.toJson(),
                                    complete,
                                    release),
                            caller,
                            requestId)
                    .map(answer -> {
                        recorded = answer.offset();
                        completeRecorded = !answer.uploading();
                        return (Void) null;
                    });
        });
        advances = mine;
        return mine;
    }

    /** Makes the rest durable (unless the request failed), records it, gives up the claim, and reports. */
    private void finish(boolean flush) {
        finished = true;
        vertx.cancelTimer(renewTimer);
        Future<Void> stored = flush
                ? vertx.executeBlocking(writer::flush, false).compose(cp -> recordIfAny(Optional.of(cp)))
                : Future.succeededFuture();
        stored.recover(e -> {
                    if (failure == null) {
                        failure = storageFailure(e);
                    }
                    return Future.succeededFuture();
                })
                .compose(v -> record(recorded, null, false, true))
                .onComplete(released -> {
                    vertx.executeBlocking(
                            () -> {
                                writer.close();
                                return null;
                            },
                            false);
                    done.accept(new Outcome(recorded, failure, gone));
                });
    }

    private static ServiceException storageFailure(Throwable cause) {
        return StorageFailures.answer(cause);
    }
}
