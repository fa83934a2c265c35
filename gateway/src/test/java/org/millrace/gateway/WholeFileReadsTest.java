package org.millrace.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.millrace.core.storage.LocalStorage;
import org.millrace.core.storage.StorageObject;

import io.vertx.core.buffer.Buffer;

class WholeFileReadsTest {
    @TempDir
    Path root;

    @Test
    void smallLocalFilesAreReadWholeWithinTheBudgetAndTheRestLeftToStream() throws Exception {
        LocalStorage storage = new LocalStorage(root);
        byte[] segment = new byte[200];
        new Random(5).nextBytes(segment);
        storage.put("live/a/b/360p/1.m4s", segment, null);
        WholeFileReads reads = new WholeFileReads(300);

        StorageObject first = storage.get("live/a/b/360p/1.m4s");
        Buffer whole = reads.read(first);
        assertThat(whole.getBytes()).isEqualTo(segment);
        assertThat(first.file().orElseThrow().channel().isOpen()).as("closed once read").isFalse();
        assertThat(reads.held()).isEqualTo(200);

        // Past the budget: left untouched, for the caller to send as a file.
        try (StorageObject second = storage.get("live/a/b/360p/1.m4s")) {
            assertThat(reads.read(second)).isNull();
            assertThat(reads.held()).isEqualTo(200);
            assertThat(second.readAllBytes()).isEqualTo(segment);
        }
        reads.release(200);
        assertThat(reads.held()).isZero();

        // A range is read as the region it is.
        try (StorageObject range = storage.get("live/a/b/360p/1.m4s",
                org.millrace.core.storage.ByteRange.of(10, 20))) {
            assertThat(reads.read(range).getBytes()).isEqualTo(java.util.Arrays.copyOfRange(segment, 10, 30));
            reads.release(20);
        }
    }

    @Test
    void largeFilesAndStreamedBodiesAreNeverReadWhole() throws Exception {
        LocalStorage storage = new LocalStorage(root);
        storage.put("vod/v/video.mp4", new byte[(int) WholeFileReads.MAX_FILE_BYTES + 1], null);
        WholeFileReads reads = new WholeFileReads(Long.MAX_VALUE);
        try (StorageObject large = storage.get("vod/v/video.mp4")) {
            assertThat(reads.read(large)).isNull();
        }
        // An S3 body: a plain stream, not a file.
        StorageObject streamed = new StorageObject(new ByteArrayInputStream(new byte[10]), 10, 10, "video/mp4",
                Optional.empty(), "etag", Instant.now());
        assertThat(reads.read(streamed)).isNull();
        assertThat(reads.held()).isZero();
    }
}
