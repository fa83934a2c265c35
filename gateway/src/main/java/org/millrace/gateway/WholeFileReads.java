package org.millrace.gateway;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.millrace.core.storage.FileBody;
import org.millrace.core.storage.StorageException;
import org.millrace.core.storage.StorageObject;

/**
 * Reads the live files the gateway keeps in memory ({@link RecentLiveFiles}) whole, in the worker hop that opened
 * them, so the event loop answers each of their viewers with one write and no storage call. The bytes held this way,
 * from the read until the last socket took them (a slow viewer holds its copy that long), are bounded: past the bound,
 * files are sent as files, never refused. Other files are not read whole: a local one goes by {@code sendfile}.
 *
 * <p>The bytes go into pooled direct memory, straight from the file's channel: a heap copy per request fed the young
 * generation some 1 GB/s at full load, and its collections were the gateway's p99; a direct buffer is also written to
 * the socket as it is, where a heap one is copied into a direct one first. Pooled memory must be given back by hand,
 * after the socket took it: {@link Held#release}, once per read.
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
     * (the object untouched) otherwise. Blocking: call on a worker. A non-null answer holds its memory and its size of
     * the budget until {@link Held#release}.
     */
    Held read(StorageObject object) {
        return read(object, false);
    }

    /**
     * As {@link #read(StorageObject)}, and with {@code streamedToo} also a streamed body (S3) of a file that will be
     * kept in memory anyway ({@link RecentLiveFiles}): its viewers after the first then cost no storage request.
     */
    Held read(StorageObject object, boolean streamedToo) {
        long size = object.contentLength();
        if ((object.file().isEmpty() && !streamedToo) || size < 0 || size > MAX_FILE_BYTES || !take(size)) {
            return null;
        }
        ByteBuf bytes = PooledByteBufAllocator.DEFAULT.directBuffer((int) size, (int) size);
        try (object) {
            fill(bytes, object);
            if (bytes.readableBytes() != size) {
                // A local file's open channel pins the file a writer renames over, so this is a truncation (or a
                // cut S3 body): not servable.
                throw new StorageException(
                        "file shrank while read: " + bytes.readableBytes() + " of " + size + " bytes");
            }
            return new Held(bytes);
        } catch (IOException e) {
            bytes.release();
            release(size);
            throw new StorageException("cannot read a file of " + size + " bytes", e);
        } catch (RuntimeException e) {
            bytes.release();
            release(size);
            throw e;
        }
    }

    /** Reads the body until {@code into} is full or the body ends: a local file by positional reads of its channel. */
    private static void fill(ByteBuf into, StorageObject object) throws IOException {
        Optional<FileBody> file = object.file();
        long position = file.map(FileBody::offset).orElse(0L);
        while (into.isWritable()) {
            int read = file.isPresent()
                    ? into.writeBytes(file.get().channel(), position, into.writableBytes())
                    : into.writeBytes(object.body(), into.writableBytes());
            if (read < 0) {
                return;
            }
            position += read;
        }
    }

    /** A file read whole: its bytes in pooled memory, held until {@link #release}. */
    final class Held {
        private final ByteBuf memory;
        private final Buffer body;
        private boolean released;

        private Held(ByteBuf memory) {
            this.memory = memory;
            this.body = BufferInternal.buffer(memory);
        }

        /** The bytes; not to be used after {@link #release}. */
        Buffer body() {
            return body;
        }

        /**
         * Gives the memory and its share of the budget back, once the socket took the bytes or the connection is
         * gone. Call on the thread that owns this answer; a second call does nothing.
         */
        void release() {
            if (!released) {
                released = true;
                WholeFileReads.this.release(memory.capacity());
                memory.release();
            }
        }
    }

    private void release(long bytes) {
        held.addAndGet(-bytes);
    }

    /** Publishes the bytes held now as {@code millrace.gateway.files.whole.bytes}. */
    WholeFileReads countedIn(MeterRegistry registry) {
        Gauge.builder("millrace.gateway.files.whole.bytes", this, WholeFileReads::held)
                .description("bytes of files read whole and not yet written to their sockets")
                .baseUnit("bytes")
                .register(registry);
        return this;
    }

    /** Bytes held now. */
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
