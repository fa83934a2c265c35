package org.millrace.core.storage.upload;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import org.millrace.core.storage.LocalStorage;
import org.millrace.core.storage.StorageException;
import org.millrace.core.storage.StorageLayout;

/**
 * Uploads on the local store: bytes are appended to {@code uploads/<id>/source} itself and forced to disk at each
 * checkpoint (every part size, and at the end of a request); the recorded offset says how much of the file counts,
 * so a file longer than it (bytes written, never recorded) is cut back before the next append.
 */
final class LocalUploadObjects implements UploadObjects {
    private final LocalStorage storage;

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
                return new Writer(channel, offset, length);
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
        // nothing held
    }

    private static final class Writer implements UploadWriter {
        private final FileChannel channel;
        private final long length;
        private final long checkpointBytes;
        private long written;
        private long durable;

        Writer(FileChannel channel, long offset, long length) {
            this.channel = channel;
            this.length = length;
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
            return written - durable >= checkpointBytes ? Optional.of(flush()) : Optional.empty();
        }

        @Override
        public UploadCheckpoint flush() {
            try {
                channel.force(false);
            } catch (IOException e) {
                throw new StorageException("cannot store an upload's bytes durably", e);
            }
            durable = written;
            return new UploadCheckpoint(durable, UploadObjectState.EMPTY, durable == length);
        }

        @Override
        public void committed(UploadCheckpoint checkpoint) {
            // the file is the state
        }

        @Override
        public void close() {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing to keep: unrecorded bytes are cut at the next resume
            }
        }
    }
}
