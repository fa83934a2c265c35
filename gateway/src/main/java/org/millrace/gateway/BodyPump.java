package org.millrace.gateway;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Copies a blocking {@link InputStream} (a storage body: a file or an S3 connection) into an HTTP response with
 * back-pressure: each chunk is read on a worker thread, written on the event loop, and the next read waits for the
 * response's write queue to drain, so a slow viewer holds neither a worker nor more than a few chunks of memory.
 */
final class BodyPump {
    static final int CHUNK_BYTES = 64 * 1024;

    private final Vertx vertx;
    private final InputStream in;
    private final HttpServerResponse response;
    private final Promise<Void> done = Promise.promise();
    /** Completes like {@link #done}, but only once no read is running: the caller closes the stream then. */
    private final Promise<Void> settled = Promise.promise();
    /** Whether a read is running on a worker (event-loop state: set and cleared there). */
    private boolean reading;

    BodyPump(Vertx vertx, InputStream in, HttpServerResponse response) {
        this.vertx = vertx;
        this.in = in;
        this.response = response;
    }

    /**
     * Streams {@code in} to the end of the response, then ends it. Fails when reading fails or the client goes
     * away; the caller closes {@code in} once it completes either way. It completes only once no read of {@code in}
     * is running: an S3 body is an HTTP connection that is not thread-safe, and closing it while a worker reads it
     * could hand the pool a connection with unread bytes, which the next request (another viewer's) takes for its
     * answer. Call on the response's event loop, after writing the headers.
     */
    Future<Void> start() {
        done.future().onComplete(outcome -> settleIfIdle());
        readNext();
        return settled.future();
    }

    private void settleIfIdle() {
        if (!reading && done.future().isComplete()) {
            if (done.future().succeeded()) {
                settled.tryComplete();
            } else {
                settled.tryFail(done.future().cause());
            }
        }
    }

    private void readNext() {
        if (done.future().isComplete()) {
            return; // abandoned: the stream is being closed, read no more
        }
        // Unordered: an ordered blocking call would queue behind every other request of this verticle's context.
        reading = true;
        vertx.executeBlocking(this::readChunk, false).onComplete(read -> {
            reading = false;
            if (done.future().isComplete()) {
                settleIfIdle(); // abandoned while reading: the stream may be closed now
                return;
            } else if (read.failed()) {
                done.tryFail(read.cause());
            } else if (response.closed()) {
                done.tryFail(new IOException("the client closed the connection"));
            } else if (read.result() == null) {
                done.tryComplete(); // first: ending fires end handlers, which must find the pump finished
                response.end();
            } else {
                response.write(read.result());
                if (response.writeQueueFull()) {
                    response.drainHandler(drained -> {
                        response.drainHandler(null);
                        readNext();
                    });
                } else {
                    readNext();
                }
            }
        });
    }

    /** Up to one chunk, or null at the end of the stream. */
    private Buffer readChunk() throws IOException {
        byte[] chunk = new byte[CHUNK_BYTES];
        int n = in.read(chunk);
        if (n < 0) {
            return null;
        }
        return Buffer.buffer(n == chunk.length ? chunk : Arrays.copyOf(chunk, n));
    }

    /** For the caller's cleanup when the connection closes while waiting for a drain that will never come. */
    void abandon() {
        done.tryFail(new IOException("the client closed the connection"));
    }
}
