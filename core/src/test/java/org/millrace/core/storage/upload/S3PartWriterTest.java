package org.millrace.core.storage.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.millrace.core.storage.S3Storage;
import org.millrace.core.storage.StorageException;
import org.millrace.core.storage.StorageLayout;
import org.millrace.core.storage.StorageObject;
import org.millrace.core.testing.S3ProxyServer;

/**
 * {@link S3PartWriter} against a real S3 endpoint (in-process S3Proxy): a full part goes out while the next one is
 * received, its checkpoint comes only once S3 has acknowledged it, and a part lost in flight loses only what came
 * after the last checkpoint. A gate between the writer and S3 holds or fails a part's acknowledgement.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class S3PartWriterTest {
    private static final int MIB = 1 << 20;
    private S3ProxyServer server;
    private S3Storage storage;
    private S3UploadObjects objects;
    private Path spool;

    @BeforeAll
    void start(@TempDir Path dir) {
        server = S3ProxyServer.start();
        storage = new S3Storage(server.settings("parts"));
        spool = dir.resolve("spool");
        objects = new S3UploadObjects(server.settings("parts"), storage, spool);
    }

    @AfterAll
    void stop() {
        objects.close();
        storage.close();
        server.close();
    }

    /** The real calls, with each part's acknowledgement held until the test lets it through (or fails it). */
    private static final class Gate implements S3PartWriter.Multipart {
        private final S3PartWriter.Multipart real;
        final List<CompletableFuture<Void>> open = new CopyOnWriteArrayList<>();
        /** Each part's answer as the writer sees it: done once S3 acknowledged it and its gate is open. */
        final List<CompletableFuture<String>> answers = new CopyOnWriteArrayList<>();

        Gate(S3PartWriter.Multipart real) {
            this.real = real;
        }

        @Override
        public CompletableFuture<String> uploadPart(int number, RandomAccessFile file, long size) {
            CompletableFuture<Void> gate = new CompletableFuture<>();
            open.add(gate);
            CompletableFuture<String> sent = real.uploadPart(number, file, size);
            CompletableFuture<String> answer = sent.thenCombine(gate, (etag, v) -> etag);
            answers.add(answer);
            return answer;
        }

        /** Opens every gate once {@code parts} parts have been sent, from another thread (the writer waits). */
        void openOnceSent(int parts) {
            CompletableFuture.runAsync(() -> {
                while (open.size() < parts) {
                    Thread.onSpinWait();
                }
                open.forEach(g -> g.complete(null));
            });
        }

        @Override
        public void complete(List<UploadObjectState.Part> parts) {
            real.complete(parts);
        }

        @Override
        public <T> T await(String what, CompletableFuture<T> call) {
            return real.await(what, call);
        }
    }

    private static byte[] bytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static Optional<UploadCheckpoint> write(UploadWriter w, byte[] file, int from, int to) {
        return w.write(ByteBuffer.wrap(file, from, to - from));
    }

    private byte[] stored(String id) throws IOException {
        try (StorageObject object = storage.get(StorageLayout.uploadSource(id))) {
            return object.body().readAllBytes();
        }
    }

    private Gate gate(String id, UploadObjectState begun) {
        return new Gate(objects.calls(id, begun.multipartId()));
    }

    /** A writer with one part in flight at most, the case the first tests pin down. */
    private S3PartWriter writer(
            String id, UploadObjectState state, long offset, byte[] file, S3PartWriter.Multipart calls) {
        return writer(id, state, offset, file, calls, 1);
    }

    private S3PartWriter writer(
            String id,
            UploadObjectState state,
            long offset,
            byte[] file,
            S3PartWriter.Multipart calls,
            int maxInFlight) {
        return new S3PartWriter(id, state, offset, file.length, calls, storage, spool, maxInFlight);
    }

    private long spooled() throws IOException {
        try (Stream<Path> files = Files.list(spool)) {
            return files.count();
        }
    }

    @Test
    void aFullPartIsSentWhileTheNextIsReceivedAndCountsOnceAcknowledged() throws Exception {
        String id = "overlap";
        byte[] file = bytes(20 * MIB, 1);
        UploadObjectState begun = objects.begin(id);
        Gate gate = gate(id, begun);
        S3PartWriter w = writer(id, begun, 0, file, gate);

        assertThat(write(w, file, 0, 8 * MIB))
                .as("part 1 is in flight, not acknowledged")
                .isEmpty();
        assertThat(write(w, file, 8 * MIB, 12 * MIB))
                .as("receiving goes on meanwhile")
                .isEmpty();
        assertThat(spooled()).as("the part in flight and the one filling").isEqualTo(2);
        gate.open.get(0).complete(null);
        Optional<UploadCheckpoint> one = acknowledged(w);
        assertThat(one).map(UploadCheckpoint::offset).contains(8L * MIB);
        assertThat(one.get().state().parts()).hasSize(1);
        assertThat(write(w, file, 12 * MIB, 13 * MIB)).isEmpty();

        UploadCheckpoint end = w.flush();
        assertThat(end.offset()).isEqualTo(13L * MIB);
        assertThat(end.state().pieces()).containsExactly(new UploadObjectState.Piece(8L * MIB, 5L * MIB));
        w.committed(end);
        w.close();
        assertThat(spooled()).as("part files are gone with the writer").isZero();

        // The next request reads the piece back and finishes: parts 2 and 3, then the whole object.
        Gate next = gate(id, begun);
        S3PartWriter w2 = writer(id, end.state(), end.offset(), file, next);
        assertThat(write(w2, file, 13 * MIB, 16 * MIB))
                .as("part 2 (piece + 3 MiB) in flight")
                .isEmpty();
        next.open.get(0).complete(null);
        next.openOnceSent(2);
        write(w2, file, 16 * MIB, file.length);
        UploadCheckpoint last = w2.flush();
        assertThat(last.complete())
                .as("the end sends the short last part and completes the object")
                .isTrue();
        assertThat(last.offset()).isEqualTo(file.length);
        assertThat(last.state().parts())
                .extracting(UploadObjectState.Part::size)
                .containsExactly(8L * MIB, 8L * MIB, 4L * MIB);
        w2.committed(last);
        w2.close();
        assertThat(stored(id)).isEqualTo(file);
        assertThat(storage.list(StorageLayout.uploadPieces(id))).isEmpty();
    }

    @Test
    void aPartLostInFlightLosesOnlyWhatCameAfterTheLastCheckpoint() throws Exception {
        String id = "lost";
        byte[] file = bytes(18 * MIB, 2);
        UploadObjectState begun = objects.begin(id);
        Gate gate = gate(id, begun);
        S3PartWriter w = writer(id, begun, 0, file, gate);
        assertThat(write(w, file, 0, 8 * MIB)).isEmpty();
        gate.open.get(0).complete(null);
        // The next full part waits for part 1 (at most one in flight) and sends part 2.
        Optional<UploadCheckpoint> one = write(w, file, 8 * MIB, 16 * MIB);
        assertThat(one).map(UploadCheckpoint::offset).contains(8L * MIB);
        gate.open.get(1).completeExceptionally(new IOException("connection reset"));
        assertThatThrownBy(w::flush).isInstanceOf(StorageException.class).hasMessageContaining("part 2");
        w.close();
        assertThat(spooled()).isZero();

        // What was recorded is part 1: the next request resumes from there and sends part 2 again.
        S3PartWriter again = writer(id, one.get().state(), 8L * MIB, file, objects.calls(id, begun.multipartId()));
        write(again, file, 8 * MIB, file.length);
        assertThat(again.flush().complete()).isTrue();
        again.close();
        assertThat(stored(id)).isEqualTo(file);
    }

    @Test
    void severalPartsFlyAtOnceAndCountOnlyInOrder() throws Exception {
        String id = "several";
        byte[] file = bytes(29 * MIB, 3);
        UploadObjectState begun = objects.begin(id);
        Gate gate = gate(id, begun);
        S3PartWriter w = writer(id, begun, 0, file, gate, 2);

        assertThat(write(w, file, 0, 17 * MIB))
                .as("parts 1 and 2 in flight, neither acknowledged")
                .isEmpty();
        assertThat(gate.open).hasSize(2);
        assertThat(spooled()).as("two parts in flight and the one filling").isEqualTo(3);
        gate.open.get(1).complete(null);
        gate.answers.get(1).get(10, TimeUnit.SECONDS);
        assertThat(w.write(ByteBuffer.allocate(0)))
                .as("part 2 acknowledged before part 1 counts for nothing")
                .isEmpty();
        gate.open.get(0).complete(null);
        Optional<UploadCheckpoint> both = acknowledged(w);
        assertThat(both).map(UploadCheckpoint::offset).contains(16L * MIB);
        assertThat(both.get().state().parts())
                .extracting(UploadObjectState.Part::number)
                .containsExactly(1, 2);

        // A stored piece goes with the part that carries its bytes, not with a part sent before it.
        UploadCheckpoint end = w.flush();
        assertThat(end.offset()).isEqualTo(17L * MIB);
        w.committed(end);
        w.close();
        Gate next = gate(id, begun);
        S3PartWriter w2 = writer(id, end.state(), end.offset(), file, next, 2);
        write(w2, file, 17 * MIB, file.length);
        assertThat(next.open).as("part 3 (the piece + 7 MiB) in flight").hasSize(1);
        next.openOnceSent(2);
        UploadCheckpoint last = w2.flush();
        assertThat(next.open)
                .as("the short last part was sent before part 3 was acknowledged")
                .hasSize(2);
        assertThat(last.complete()).isTrue();
        assertThat(last.state().parts())
                .extracting(UploadObjectState.Part::size)
                .containsExactly(8L * MIB, 8L * MIB, 8L * MIB, 5L * MIB);
        w2.committed(last);
        w2.close();
        assertThat(stored(id)).isEqualTo(file);
        assertThat(storage.list(StorageLayout.uploadPieces(id))).isEmpty();
        assertThat(spooled()).isZero();
    }

    /** Writes nothing until the part in flight is acknowledged: the checkpoint it brings (empty after 10 s). */
    private static Optional<UploadCheckpoint> acknowledged(UploadWriter w) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        Optional<UploadCheckpoint> reached = Optional.empty();
        while (reached.isEmpty() && System.nanoTime() < deadline) {
            reached = w.write(ByteBuffer.allocate(0));
            Thread.sleep(10);
        }
        return reached;
    }
}
