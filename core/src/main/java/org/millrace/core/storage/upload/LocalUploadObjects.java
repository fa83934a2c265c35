package org.millrace.core.storage.upload;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.millrace.core.storage.LocalStorage;
import org.millrace.core.storage.StorageException;
import org.millrace.core.storage.StorageLayout;

/**
 * Uploads on the local store: bytes are appended to {@code uploads/<id>/source} itself and forced to disk at each
 * checkpoint (every part size, and at the end of a request); the recorded offset says how much of the file counts,
 * so a file longer than it (bytes written, never recorded) is cut back before the next append. A part's force runs
 * on a thread of its own while the next bytes are appended, and its checkpoint comes once it is done, as an S3 part's
 * comes with S3's acknowledgement: forcing in line held every request still for each part (0.63× nginx's PUT
 * against 0.83× with no force at all; docs/benchmarks.md).
 */
final class LocalUploadObjects implements UploadObjects {
    private final LocalStorage storage;
    /** At most one force in flight per writer; two threads, so one slow disk sync does not hold every upload. */
    private final ExecutorService syncs = Executors.newFixedThreadPool(2, task -> {
        Thread thread = new Thread(task, "upload-sync");
        thread.setDaemon(true);
        return thread;
    });

    LocalUploadObjects(LocalStorage storage) {
        this.storage = storage;
    }

    private Path file(String uploadId) {
        return storage.root().resolve(StorageLayout.uploadSource(uploadId));
    }

    @Override
    public UploadObjectState begin(String uploadId) {
        Path file = file(uploadId);
        try {
            Files.createDirectories(file.getParent());
            if (!Files.exists(file)) {
                Files.createFile(file);
            }
        } catch (IOException e) {
            throw new StorageException("cannot create " + file, e);
        }
        return UploadObjectState.EMPTY;
    }

    @Override
    public UploadWriter resume(String uploadId, UploadObjectState state, long offset, long length) {
        Path file = file(uploadId);
        try {
            FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE);
            try {
                long size = channel.size();
                if (size < offset) {
                    throw new StorageException(
                            "the stored bytes of upload " + uploadId + " are gone (" + size + " of " + offset + ")");
                }
                if (size > offset) {
                    channel.truncate(offset);
                }
                channel.position(offset);
                return new Writer(channel, offset, length, syncs);
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
        } catch (IOException e) {
            throw new StorageException("cannot open " + file, e);
        }
    }

    @Override
    public void discard(String uploadId, UploadObjectState state) {
        storage.deleteByPrefix(StorageLayout.upload(uploadId));
    }

    @Override
    public void close() {
        syncs.shutdown();
    }

    private static final class Writer implements UploadWriter {
        private final FileChannel channel;
        private final long length;
        private final long checkpointBytes;
        private final ExecutorService syncs;
        private long written;
        private long durable;
        /** The force under way: completes with the offset it made durable. */
        private CompletableFuture<Long> syncing;

        Writer(FileChannel channel, long offset, long length, ExecutorService syncs) {
            this.channel = channel;
            this.length = length;
            this.syncs = syncs;
            this.written = offset;
            this.durable = offset;
            this.checkpointBytes = UploadObjects.partSize(length);
        }

        @Override
        public Optional<UploadCheckpoint> write(ByteBuffer bytes) {
            if (written + bytes.remaining() > length) {
                throw new IllegalArgumentException("more bytes than the upload's length");
            }
            try {
                while (bytes.hasRemaining()) {
                    written += channel.write(bytes);
                }
            } catch (IOException e) {
                throw new StorageException("cannot append to an upload", e);
            }
            Optional<UploadCheckpoint> reached = Optional.empty();
            if (syncing != null && syncing.isDone()) {
                durable = synced();
                reached = Optional.of(checkpoint());
            }
            if (syncing == null && written - durable >= checkpointBytes) {
                long upTo = written;
                syncing = CompletableFuture.supplyAsync(
                        () -> {
                            force();
                            return upTo;
                        },
                        syncs);
            }
            return reached;
        }

        @Override
        public CompletableFuture<?> inFlight() {
            return syncing;
        }

        /** The offset the finished force made durable; it fails as the force did. */
        private long synced() {
            try {
                return syncing.join();
            } catch (CompletionException e) {
                throw e.getCause() instanceof StorageException failure
                        ? failure
                        : new StorageException("cannot sync", e);
            } finally {
                syncing = null;
            }
        }

        @Override
        public UploadCheckpoint flush() {
            if (syncing != null) {
                synced();
            }
            force();
            durable = written;
            return checkpoint();
        }

        private void force() {
            try {
                channel.force(false);
            } catch (IOException e) {
                throw new StorageException("cannot store an upload's bytes durably", e);
            }
        }

        private UploadCheckpoint checkpoint() {
            return new UploadCheckpoint(durable, UploadObjectState.EMPTY, durable == length);
        }

        @Override
        public void committed(UploadCheckpoint checkpoint) {
            // the file is the state
        }

        @Override
        public void close() {
            try {
                channel.close(); // a force still under way fails, and its checkpoint is never recorded
            } catch (IOException ignored) {
                // nothing to keep: unrecorded bytes are cut at the next resume
            }
        }
    }
}
