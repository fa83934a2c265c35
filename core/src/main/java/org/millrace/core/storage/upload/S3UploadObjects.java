package org.millrace.core.storage.upload;

import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.millrace.core.storage.S3Settings;
import org.millrace.core.storage.Storage;
import org.millrace.core.storage.StorageException;
import org.millrace.core.storage.StorageLayout;
import org.millrace.core.storage.StorageObject;

import io.minio.AbortMultipartUploadArgs;
import io.minio.CompleteMultipartUploadArgs;
import io.minio.CreateMultipartUploadArgs;
import io.minio.MinioAsyncClient;
import io.minio.UploadPartArgs;
import io.minio.UploadPartResponse;
import io.minio.errors.ErrorResponseException;
import io.minio.messages.Part;

/**
 * Uploads on S3/MinIO as one multipart upload each. A request's bytes are buffered in a part file on local disk
 * (one part at most per upload being written: 8 MiB, see {@link UploadObjects#partSize}); a full part is uploaded
 * and becomes a checkpoint. What is left at the end of a request, too small for a part, is stored as a piece
 * object ({@code uploads/<id>/pieces/<offset>}) so another gateway can continue; the next request reads the pieces
 * back into its part file. The last byte completes the multipart upload into {@code uploads/<id>/source}.
 */
final class S3UploadObjects implements UploadObjects {
    private static final long CALL_TIMEOUT_SECONDS = 120;

    private final S3Settings settings;
    private final Storage storage;
    private final Path spool;
    private final MinioAsyncClient client;

    S3UploadObjects(S3Settings settings, Storage storage, Path spool) {
        this.settings = settings;
        this.storage = storage;
        this.spool = spool;
        MinioAsyncClient.Builder builder = MinioAsyncClient.builder().endpoint(settings.endpoint())
                .credentials(settings.accessKey(), settings.secretKey());
        if (settings.regionOrNull() != null) {
            builder.region(settings.regionOrNull());
        }
        this.client = builder.build();
        // As S3Storage: a hung endpoint must fail a call in time, not after the client's 5 minutes.
        client.setTimeout(5_000, 60_000, 60_000);
        try {
            Files.createDirectories(spool);
        } catch (IOException e) {
            throw new StorageException("cannot create the upload spool " + spool, e);
        }
    }

    @Override
    public UploadObjectState begin(String uploadId) {
        String id = call("start the multipart upload of " + uploadId, client.createMultipartUpload(
                CreateMultipartUploadArgs.builder().bucket(settings.bucket())
                        .object(StorageLayout.uploadSource(uploadId)).build())).result().uploadId();
        return new UploadObjectState(id, List.of(), List.of());
    }

    @Override
    public UploadWriter resume(String uploadId, UploadObjectState state, long offset, long length) {
        if (state.multipartId() == null) {
            throw new StorageException("upload " + uploadId + " has no multipart upload");
        }
        if (state.partBytes() + state.pieceBytes() != offset) {
            throw new StorageException("upload " + uploadId + "'s stored parts and pieces do not add up to its offset");
        }
        return new Writer(uploadId, state, offset, length);
    }

    @Override
    public void discard(String uploadId, UploadObjectState state) {
        if (state.multipartId() != null) {
            try {
                call("abort the multipart upload of " + uploadId, client.abortMultipartUpload(
                        AbortMultipartUploadArgs.builder().bucket(settings.bucket())
                                .object(StorageLayout.uploadSource(uploadId)).uploadId(state.multipartId()).build()));
            } catch (StorageException e) {
                if (!(e.getCause() instanceof ErrorResponseException missing
                        && "NoSuchUpload".equals(missing.errorResponse().code()))) {
                    throw e; // an upload completed or aborted before has nothing left to abort
                }
            }
        }
        storage.deleteByPrefix(StorageLayout.upload(uploadId));
    }

    @Override
    public void close() {
        try {
            client.close();
        } catch (Exception ignored) {
            // nothing to keep
        }
    }

    private static <T> T call(String what, CompletableFuture<T> call) {
        try {
            return call.get(CALL_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            call.cancel(true);
            throw new StorageException("interrupted: " + what, e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            String detail = cause instanceof ErrorResponseException ere && ere.errorResponse() != null
                    ? ere.errorResponse().code() + ": " + ere.errorResponse().message() : String.valueOf(cause);
            throw new StorageException("cannot " + what + ": " + detail, cause);
        } catch (TimeoutException e) {
            call.cancel(true);
            throw new StorageException("timed out: " + what, e);
        }
    }

    /** One request's appends; the part file holds the bytes since the last part (earlier pieces first). */
    private final class Writer implements UploadWriter {
        private final String uploadId;
        private final String key;
        private final String multipartId;
        private final long length;
        private final long partSize;
        private final Path partFile;
        private final FileChannel part;
        private final List<UploadObjectState.Part> parts;
        private List<UploadObjectState.Piece> pieces;
        /** Pieces now inside an uploaded part: deleted once the checkpoint is recorded. */
        private final List<UploadObjectState.Piece> obsolete = new ArrayList<>();
        private long written;
        private long durable;
        private boolean completed;

        Writer(String uploadId, UploadObjectState state, long offset, long length) {
            this.uploadId = uploadId;
            this.key = StorageLayout.uploadSource(uploadId);
            this.multipartId = state.multipartId();
            this.length = length;
            this.partSize = UploadObjects.partSize(length);
            this.parts = new ArrayList<>(state.parts());
            this.pieces = new ArrayList<>(state.pieces());
            this.written = offset;
            this.durable = offset;
            try {
                partFile = Files.createTempFile(spool, "part-", ".bin");
                part = FileChannel.open(partFile, StandardOpenOption.READ, StandardOpenOption.WRITE,
                        StandardOpenOption.DELETE_ON_CLOSE);
            } catch (IOException e) {
                throw new StorageException("cannot create a part buffer in " + spool, e);
            }
            try {
                for (UploadObjectState.Piece piece : pieces) {
                    try (StorageObject object = storage.get(pieceKey(piece.offset()))) {
                        long copied = part.transferFrom(Channels.newChannel(object.body()), part.size(), piece.size());
                        if (copied != piece.size()) {
                            throw new StorageException("piece at " + piece.offset() + " of upload " + uploadId
                                    + " is short");
                        }
                    }
                }
                part.position(part.size());
            } catch (IOException | RuntimeException e) {
                close();
                throw e instanceof StorageException se ? se : new StorageException("cannot read back the pieces of "
                        + "upload " + uploadId, e);
            }
        }

        private String pieceKey(long offset) {
            return StorageLayout.uploadPieces(uploadId) + String.format("%020d", offset);
        }

        private long buffered() throws IOException {
            return part.size();
        }

        @Override
        public Optional<UploadCheckpoint> write(ByteBuffer bytes) {
            if (written + bytes.remaining() > length) {
                throw new IllegalArgumentException("more bytes than the upload's length");
            }
            UploadCheckpoint reached = null;
            try {
                while (bytes.hasRemaining()) {
                    long room = partSize - buffered();
                    ByteBuffer slice = bytes.slice();
                    if (slice.remaining() > room) {
                        slice.limit((int) room);
                    }
                    int n = slice.remaining();
                    while (slice.hasRemaining()) {
                        part.write(slice);
                    }
                    bytes.position(bytes.position() + n);
                    written += n;
                    if (buffered() == partSize) {
                        reached = uploadPart();
                    }
                }
            } catch (IOException e) {
                throw new StorageException("cannot buffer a part of upload " + uploadId, e);
            }
            return Optional.ofNullable(reached);
        }

        /** Uploads the part file as the next part; the checkpoint it makes. */
        private UploadCheckpoint uploadPart() throws IOException {
            long size = buffered();
            int number = parts.size() + 1;
            UploadPartResponse answer;
            try (RandomAccessFile file = new RandomAccessFile(partFile.toFile(), "r")) {
                answer = call("upload part " + number + " of upload " + uploadId, client.uploadPart(
                        UploadPartArgs.builder().bucket(settings.bucket()).object(key)
                                .uploadId(multipartId).partNumber(number).file(file, size).build()));
            }
            parts.add(new UploadObjectState.Part(number, answer.part().etag(), size));
            obsolete.addAll(pieces);
            pieces = new ArrayList<>();
            part.truncate(0);
            part.position(0);
            durable = written;
            if (durable == length) {
                complete();
            }
            return checkpoint();
        }

        private void complete() {
            Part[] all = parts.stream().map(p -> new Part(p.number(), p.etag())).toArray(Part[]::new);
            call("complete upload " + uploadId, client.completeMultipartUpload(CompleteMultipartUploadArgs.builder()
                    .bucket(settings.bucket()).object(key).uploadId(multipartId).parts(all).build()));
            completed = true;
        }

        private UploadCheckpoint checkpoint() {
            return new UploadCheckpoint(durable, new UploadObjectState(multipartId, parts, pieces), completed);
        }

        @Override
        public UploadCheckpoint flush() {
            try {
                if (written == durable) {
                    if (durable == length && !completed) {
                        complete();
                    }
                    return checkpoint();
                }
                if (written == length) {
                    return uploadPart();
                }
                long fresh = written - durable;
                long from = buffered() - fresh;
                try (InputStream in = Channels.newInputStream(part.position(from))) {
                    storage.put(pieceKey(durable), in, fresh, "application/octet-stream");
                }
                part.position(part.size());
                pieces.add(new UploadObjectState.Piece(durable, fresh));
                durable = written;
                return checkpoint();
            } catch (IOException e) {
                throw new StorageException("cannot store the end of a request to upload " + uploadId, e);
            }
        }

        @Override
        public void committed(UploadCheckpoint checkpoint) {
            try {
                if (checkpoint.complete()) {
                    storage.deleteByPrefix(StorageLayout.uploadPieces(uploadId));
                } else {
                    for (UploadObjectState.Piece piece : obsolete) {
                        storage.delete(pieceKey(piece.offset()));
                    }
                }
                obsolete.clear();
            } catch (RuntimeException e) {
                // Left-overs are deleted with the upload's folder when it ends or expires.
            }
        }

        @Override
        public void close() {
            try {
                part.close();
            } catch (IOException ignored) {
                // DELETE_ON_CLOSE removes the file
            }
        }
    }
}
