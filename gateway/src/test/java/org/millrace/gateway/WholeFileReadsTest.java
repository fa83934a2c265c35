package org.millrace.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.millrace.core.storage.LocalStorage;
import org.millrace.core.storage.StorageObject;

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
        WholeFileReads.Held whole = reads.read(first);
        assertThat(whole.body().getBytes()).isEqualTo(segment);
        assertThat(first.file().orElseThrow().channel().isOpen())
                .as("closed once read")
                .isFalse();
        assertThat(reads.held()).isEqualTo(200);

        // Past the budget: left untouched, for the caller to send as a file.
        try (StorageObject second = storage.get("live/a/b/360p/1.m4s")) {
            assertThat(reads.read(second)).isNull();
            assertThat(reads.held()).isEqualTo(200);
            assertThat(second.readAllBytes()).isEqualTo(segment);
        }
        whole.release();
        assertThat(reads.held()).isZero();
        assertThatThrownBy(() -> whole.body().getBytes())
                .as("the pooled memory went back")
                .isInstanceOf(io.netty.util.IllegalReferenceCountException.class);
        whole.release();
        assertThat(reads.held()).as("a second release gives nothing back twice").isZero();

        // A range is read as the region it is.
        try (StorageObject range = storage.get("live/a/b/360p/1.m4s", org.millrace.core.storage.ByteRange.of(10, 20))) {
            WholeFileReads.Held region = reads.read(range);
            assertThat(region.body().getBytes()).isEqualTo(java.util.Arrays.copyOfRange(segment, 10, 30));
            region.release();
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
        StorageObject streamed = new StorageObject(
                new ByteArrayInputStream(new byte[10]), 10, 10, "video/mp4", Optional.empty(), "etag", Instant.now());
        assertThat(reads.read(streamed)).isNull();
        assertThat(reads.held()).isZero();
    }

    @Test
    void aStreamedBodyToKeepIsReadWholeWithinTheSameBounds() {
        WholeFileReads reads = new WholeFileReads(15);
        byte[] bytes = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
        StorageObject streamed = new StorageObject(
                new ByteArrayInputStream(bytes), 10, 10, "video/mp4", Optional.empty(), "etag", Instant.now());
        WholeFileReads.Held kept = reads.read(streamed, true);
        assertThat(kept.body().getBytes()).isEqualTo(bytes);
        assertThat(reads.held()).isEqualTo(10);
        StorageObject another = new StorageObject(
                new ByteArrayInputStream(bytes), 10, 10, "video/mp4", Optional.empty(), "etag", Instant.now());
        assertThat(reads.read(another, true)).as("past the budget").isNull();
        kept.release();
        StorageObject cut = new StorageObject(
                new ByteArrayInputStream(new byte[4]), 10, 10, "video/mp4", Optional.empty(), "etag", Instant.now());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> reads.read(cut, true))
                .isInstanceOf(org.millrace.core.storage.StorageException.class)
                .hasMessageContaining("4 of 10");
        assertThat(reads.held()).as("given back after a failed read").isZero();
    }
}
