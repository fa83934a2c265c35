package org.millrace.gateway;

import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicLong;
import org.millrace.core.storage.StorageException;
import org.millrace.core.storage.StorageObject;

/**
 * Reads small local files whole, in the worker hop that opened them, so the event loop answers with one write: with
 * the gateway's compression in every connection's pipeline, Vert.x cannot use {@code sendfile} and would send a file
 * in 8 KiB chunks, each a trip through the pipeline (a 200 KB segment: 25). The bytes held this way, from the read
 * until the socket took them (a slow viewer holds its copy that long), are bounded: past the bound, files are sent in
 * chunks as before, never refused.
 */
final class WholeFileReads {
    /** A 2 s segment of a 1080p rung is 1–2 MB; larger files (a VOD's MP4) are sent in chunks. */
    static final long MAX_FILE_BYTES = 4L * 1024 * 1024;
    /** 64 connections each waiting on a 1 MB segment: 64 MiB. */
    static final long DEFAULT_BUDGET_BYTES = 64L * 1024 * 1024;

    private final long budget;
    private final AtomicLong held = new AtomicLong();

    WholeFileReads(long budget) {
        this.budget = budget;
    }

    /**
     * The whole body of a local {@code object} that is small enough and fits in the budget, read and closed; null
     * (the object untouched) otherwise. Blocking: call on a worker. A non-null answer holds its size of the budget
     * until {@link #release}.
     */
    Buffer read(StorageObject object) {
        return read(object, false);
    }

    /**
     * As {@link #read(StorageObject)}, and with {@code streamedToo} also a streamed body (S3) of a file that will be
     * kept in memory anyway ({@link RecentLiveFiles}): its viewers after the first then cost no storage request.
     */
    Buffer read(StorageObject object, boolean streamedToo) {
        long size = object.contentLength();
        if ((object.file().isEmpty() && !streamedToo) || size < 0 || size > MAX_FILE_BYTES || !take(size)) {
            return null;
        }
        try (object) {
            byte[] bytes = object.body().readNBytes((int) size);
            if (bytes.length != size) {
                // A local file's open channel pins the file a writer renames over, so this is a truncation (or a
                // cut S3 body): not servable.
                throw new StorageException("file shrank while read: " + bytes.length + " of " + size + " bytes");
            }
            return Buffer.buffer(bytes);
        } catch (IOException e) {
            release(size);
            throw new StorageException("cannot read a file of " + size + " bytes", e);
        } catch (RuntimeException e) {
            release(size);
            throw e;
        }
    }

    /** Gives back what a {@link #read} held, once its bytes are written or the connection is gone. */
    void release(long bytes) {
        held.addAndGet(-bytes);
    }

    /** Bytes held now (for tests). */
    long held() {
        return held.get();
    }

    private boolean take(long bytes) {
        while (true) {
            long now = held.get();
            if (now + bytes > budget) {
                return false;
            }
            if (held.compareAndSet(now, now + bytes)) {
                return true;
            }
        }
    }
}
