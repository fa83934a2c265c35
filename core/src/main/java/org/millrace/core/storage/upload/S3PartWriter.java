package org.millrace.core.storage.upload;

import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.millrace.core.storage.Storage;
import org.millrace.core.storage.StorageException;
import org.millrace.core.storage.StorageLayout;
import org.millrace.core.storage.StorageObject;

/**
 * One request's appends to an upload's S3 multipart upload. The bytes since the last part wait in a part file on
 * local disk; a full part is sent to S3 while the next one fills another file, so receiving and uploading overlap,
 * with up to {@code maxInFlight} parts in flight (the next full part waits for the oldest): S3 answers each part
 * only after it has taken all of it, and parts sent one at a time would leave the link idle for that round trip. A
 * part counts once S3 has acknowledged it and every part before it: checkpoints come in order, and an upload that
 * fails in flight loses only the bytes after the last checkpoint.
 * What is left at the end of a request, too small for a part, is stored as a piece object
 * ({@code uploads/<id>/pieces/<offset>}) so another gateway can continue; a new writer reads the pieces back into
 * its first part file.
 */
final class S3PartWriter implements UploadWriter {
    /** The multipart calls a writer makes. */
    interface Multipart {
        /** Starts uploading {@code size} bytes of {@code file} as part {@code number}; the part's ETag. */
        CompletableFuture<String> uploadPart(int number, RandomAccessFile file, long size);

        /** Completes the multipart upload with these parts. */
        void complete(List<UploadObjectState.Part> parts);

        /** Waits for a call's answer (bounded), turning any failure into a {@link StorageException}. */
        <T> T await(String what, CompletableFuture<T> call);
    }

    private final String uploadId;
    private final String multipartId;
    private final Multipart multipart;
    private final Storage storage;
    private final Path spool;
    private final long length;
    private final long partSize;
    private final int maxInFlight;
    private final List<UploadObjectState.Part> parts;
    /**
     * The pieces that are the front of the part file being filled (read back, or stored from its tail). The pieces a
     * checkpoint lists are these and those of the parts in flight: bytes no acknowledged part has yet.
     */
    private final List<UploadObjectState.Piece> fillingPieces;
    /** Pieces now inside an acknowledged part: deleted once the checkpoint is recorded. */
    private final List<UploadObjectState.Piece> obsolete = new ArrayList<>();

    private PartFile filling;
    /** Part files free again, their parts acknowledged. */
    private final Deque<PartFile> spares = new ArrayDeque<>();
    /** The parts on their way to S3, oldest first. */
    private final Deque<InFlight> inFlight = new ArrayDeque<>();

    private long written;
    private long durable;
    private boolean completed;

    /** A part on its way to S3: the bytes up to {@code end} are durable, and its pieces obsolete, once acknowledged. */
    private record InFlight(
            CompletableFuture<String> etag,
            PartFile file,
            RandomAccessFile reader,
            int number,
            long size,
            long end,
            List<UploadObjectState.Piece> replaces) {}

    S3PartWriter(
            String uploadId,
            UploadObjectState state,
            long offset,
            long length,
            Multipart multipart,
            Storage storage,
            Path spool,
            int maxInFlight) {
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("at least one part must be allowed in flight");
        }
        this.uploadId = uploadId;
        this.multipartId = state.multipartId();
        this.multipart = multipart;
        this.storage = storage;
        this.spool = spool;
        this.length = length;
        this.partSize = UploadObjects.partSize(length);
        this.maxInFlight = maxInFlight;
        this.parts = new ArrayList<>(state.parts());
        this.fillingPieces = new ArrayList<>(state.pieces());
        this.written = offset;
        this.durable = offset;
        filling = new PartFile(spool);
        try {
            for (UploadObjectState.Piece piece : fillingPieces) {
                try (StorageObject object = storage.get(pieceKey(piece.offset()))) {
                    filling.appendFrom(object.body(), piece.size(), "piece at " + piece.offset() + " of " + uploadId);
                }
            }
        } catch (IOException | RuntimeException e) {
            close();
            throw e instanceof StorageException se
                    ? se
                    : new StorageException("cannot read back the pieces of " + "upload " + uploadId, e);
        }
    }

    private String pieceKey(long offset) {
        return StorageLayout.uploadPieces(uploadId) + String.format("%020d", offset);
    }

    @Override
    public Optional<UploadCheckpoint> write(ByteBuffer bytes) {
        if (written + bytes.remaining() > length) {
            throw new IllegalArgumentException("more bytes than the upload's length");
        }
        UploadCheckpoint reached = null;
        try {
            while (bytes.hasRemaining()) {
                written += filling.append(bytes, partSize - filling.size());
                if (filling.size() == partSize) {
                    if (inFlight.size() >= maxInFlight) {
                        reached = newer(reached, awaitOldest());
                    }
                    send();
                }
            }
        } catch (IOException e) {
            throw new StorageException("cannot buffer a part of upload " + uploadId, e);
        }
        InFlight newest = inFlight.peekLast();
        boolean lastPartSent = newest != null && newest.end() == length;
        while (!inFlight.isEmpty()
                && (lastPartSent || inFlight.peekFirst().etag().isDone())) {
            reached = newer(reached, awaitOldest());
        }
        return Optional.ofNullable(reached);
    }

    /** The oldest part in flight: the next checkpoint waits for its acknowledgement. */
    @Override
    public CompletableFuture<?> inFlight() {
        InFlight oldest = inFlight.peekFirst();
        return oldest == null ? null : oldest.etag();
    }

    private static UploadCheckpoint newer(UploadCheckpoint old, UploadCheckpoint fresh) {
        return fresh != null ? fresh : old;
    }

    /** Starts uploading the part file as the next part and takes a free file to fill. */
    private void send() throws IOException {
        int number = parts.size() + inFlight.size() + 1;
        RandomAccessFile reader = filling.reader();
        CompletableFuture<String> etag;
        try {
            etag = multipart.uploadPart(number, reader, filling.size());
        } catch (RuntimeException e) {
            reader.close();
            throw e;
        }
        inFlight.addLast(
                new InFlight(etag, filling, reader, number, filling.size(), written, List.copyOf(fillingPieces)));
        fillingPieces.clear();
        filling = spares.isEmpty() ? new PartFile(spool) : spares.pop();
    }

    /** Waits for every part in flight; the checkpoint the last acknowledgement makes (null when none was). */
    private UploadCheckpoint awaitAll() {
        UploadCheckpoint reached = null;
        while (!inFlight.isEmpty()) {
            reached = awaitOldest();
        }
        return reached;
    }

    /** Waits for the oldest part in flight; the checkpoint its acknowledgement makes. */
    private UploadCheckpoint awaitOldest() {
        InFlight part = inFlight.peekFirst();
        String etag;
        try {
            etag = multipart.await("upload part " + part.number() + " of upload " + uploadId, part.etag());
        } finally {
            closeQuietly(part.reader());
        }
        inFlight.removeFirst();
        parts.add(new UploadObjectState.Part(part.number(), etag, part.size()));
        obsolete.addAll(part.replaces());
        part.file().clear();
        spares.push(part.file());
        durable = part.end();
        if (durable == length) {
            complete();
        }
        return checkpoint();
    }

    private void complete() {
        multipart.complete(parts);
        completed = true;
    }

    private UploadCheckpoint checkpoint() {
        List<UploadObjectState.Piece> pieces = new ArrayList<>();
        inFlight.forEach(part -> pieces.addAll(part.replaces()));
        pieces.addAll(fillingPieces);
        return new UploadCheckpoint(durable, new UploadObjectState(multipartId, parts, pieces), completed);
    }

    @Override
    public UploadCheckpoint flush() {
        try {
            if (written == length && filling.size() > 0) {
                // The short last part goes while the ones before it are still in flight.
                if (inFlight.size() >= maxInFlight) {
                    awaitOldest();
                }
                send();
            }
            awaitAll();
            if (written == durable) {
                if (durable == length && !completed) {
                    complete();
                }
                return checkpoint();
            }
            long fresh = written - durable;
            storage.put(pieceKey(durable), filling.tail(fresh), fresh, "application/octet-stream");
            filling.toEnd();
            fillingPieces.add(new UploadObjectState.Piece(durable, fresh));
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

    /** Gives up the parts still in flight (never recorded, so the next writer sends those part numbers again). */
    @Override
    public void close() {
        for (InFlight part : inFlight) {
            part.etag().cancel(true);
            closeQuietly(part.reader());
            part.file().delete();
        }
        inFlight.clear();
        if (filling != null) {
            filling.delete();
        }
        spares.forEach(PartFile::delete);
        spares.clear();
    }

    private static void closeQuietly(RandomAccessFile file) {
        try {
            file.close();
        } catch (IOException ignored) {
            // a reader of a local part file holds nothing to save
        }
    }

    /** A part's bytes on local disk. No fsync: a part file is a buffer; S3's acknowledgement is what counts. */
    private static final class PartFile {
        private final Path path;
        private final RandomAccessFile access;
        private final FileChannel channel;

        PartFile(Path spool) {
            try {
                path = Files.createTempFile(spool, "part-", ".bin");
                access = new RandomAccessFile(path.toFile(), "rw");
                channel = access.getChannel();
            } catch (IOException e) {
                throw new StorageException("cannot create a part buffer in " + spool, e);
            }
        }

        long size() throws IOException {
            return channel.size();
        }

        /** Appends up to {@code room} bytes of {@code bytes}; how many it took. */
        int append(ByteBuffer bytes, long room) throws IOException {
            ByteBuffer slice = bytes.slice();
            if (slice.remaining() > room) {
                slice.limit((int) room);
            }
            int n = slice.remaining();
            while (slice.hasRemaining()) {
                channel.write(slice);
            }
            bytes.position(bytes.position() + n);
            return n;
        }

        void appendFrom(InputStream in, long size, String what) throws IOException {
            long copied = channel.transferFrom(Channels.newChannel(in), channel.size(), size);
            if (copied != size) {
                throw new StorageException(what + " is short");
            }
            toEnd();
        }

        /** The last {@code n} bytes (not closed: closing the stream would close the channel). */
        InputStream tail(long n) throws IOException {
            return Channels.newInputStream(channel.position(channel.size() - n));
        }

        void toEnd() throws IOException {
            channel.position(channel.size());
        }

        RandomAccessFile reader() throws IOException {
            return new PartReader(path);
        }

        void clear() {
            try {
                channel.truncate(0);
                channel.position(0);
            } catch (IOException e) {
                throw new StorageException("cannot reuse a part buffer " + path, e);
            }
        }

        void delete() {
            try {
                access.close();
                Files.deleteIfExists(path);
            } catch (IOException ignored) {
                // a left-over part file in the spool directory holds nothing anyone needs
            }
        }
    }

    /**
     * The part file as the S3 client reads it: from its start, always. The client hashes the file (moving its
     * pointer to the end) before it builds the request body, which starts where the pointer then is: an
     * EOFException with a plain RandomAccessFile on plain-HTTP endpoints, where the payload is signed.
     */
    private static final class PartReader extends RandomAccessFile {
        PartReader(Path file) throws IOException {
            super(file.toFile(), "r");
        }

        @Override
        public long getFilePointer() {
            return 0;
        }
    }
}
