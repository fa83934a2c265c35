package org.millrace.core.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the storage contract against a temporary directory, plus the guarantees only a filesystem needs. */
class LocalStorageTest extends StorageContractTest {

    @TempDir
    Path root;

    @Override
    protected Storage newStorage() {
        return new LocalStorage(root.resolve("store"));
    }

    @Override
    protected boolean expectsDirectUrl() {
        return false;
    }

    private Path storeRoot() {
        return root.resolve("store");
    }

    @Test
    void readersOnlyEverSeeCompleteVersionsWhileOverwritten() throws Exception {
        byte[] small = new byte[1_000];
        Arrays.fill(small, (byte) 'a');
        byte[] large = new byte[200_000];
        Arrays.fill(large, (byte) 'b');
        storage.put("live/s1/index.m3u8", small, null);

        AtomicBoolean done = new AtomicBoolean();
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            try {
                for (int i = 0; i < 400; i++) {
                    storage.put("live/s1/index.m3u8", i % 2 == 0 ? large : small, null);
                }
            } finally {
                done.set(true);
            }
        });
        AtomicInteger reads = new AtomicInteger();
        AtomicInteger seenLarge = new AtomicInteger();
        while (!done.get() || reads.get() < 50) {
            byte[] got = read(storage.get("live/s1/index.m3u8"));
            reads.incrementAndGet();
            if (got.length == large.length) {
                assertThat(got).isEqualTo(large);
                seenLarge.incrementAndGet();
            } else {
                assertThat(got).as("a torn read of %d bytes", got.length).isEqualTo(small);
            }
        }
        writer.get(60, TimeUnit.SECONDS);
        assertThat(reads.get()).isGreaterThanOrEqualTo(50);
        assertThat(tempFiles()).isEmpty();
    }

    @Test
    void noTempFilesAreLeftBehindAfterWritesOrFailures() throws IOException {
        storage.put("live/a/1.ts", new byte[10], null);
        storage.put("live/a/2.ts", new ByteArrayInputStream(new byte[20]), -1, null);
        storage.put("live/a/1.ts", new byte[30], null);
        InputStream failing = new SequenceInputStream(new ByteArrayInputStream(new byte[500]), new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("encoder died");
            }
        });

        assertThatThrownBy(() -> storage.put("live/a/1.ts", failing, -1, null))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("live/a/1.ts");

        assertThat(tempFiles()).isEmpty();
        // The failed overwrite left the previous version in place.
        assertThat(read(storage.get("live/a/1.ts"))).hasSize(30);
    }

    @Test
    void tempFilesAreNeverListed() throws IOException {
        storage.put("live/a/1.ts", new byte[10], null);
        Files.write(storeRoot().resolve("live/a/.tmp-deadbeef"), new byte[5]);

        assertThat(storage.list("")).extracting(ObjectInfo::key).containsExactly("live/a/1.ts");
        assertThat(storage.list("live/a/")).extracting(ObjectInfo::key).containsExactly("live/a/1.ts");
    }

    @Test
    void objectsLiveAtRootSlashKey() throws IOException {
        storage.put("live/s1/seg0.ts", new byte[] {1, 2, 3}, null);

        assertThat(Files.readAllBytes(storeRoot().resolve("live/s1/seg0.ts"))).containsExactly(1, 2, 3);
    }

    @Test
    void deleteByPrefixRemovesEmptiedDirectoriesButNotTheRoot() {
        storage.put("live/a/sub/1.ts", new byte[1], null);
        storage.put("live/a/2.ts", new byte[1], null);
        storage.put("live/b/3.ts", new byte[1], null);

        assertThat(storage.deleteByPrefix("live/a/")).isEqualTo(2);

        assertThat(storeRoot().resolve("live/a")).doesNotExist();
        assertThat(storeRoot().resolve("live/b")).isDirectory();

        assertThat(storage.deleteByPrefix("")).isEqualTo(1);
        assertThat(storeRoot()).isDirectory();
        assertThat(storeRoot().resolve("live")).doesNotExist();
    }

    @Test
    void symlinkInsideRootCannotBeUsedToEscape() throws IOException {
        Path outside = Files.createDirectories(root.resolve("outside"));
        Files.write(outside.resolve("secret.txt"), "secret".getBytes());
        Files.createDirectories(storeRoot());
        Files.createSymbolicLink(storeRoot().resolve("link"), outside);

        assertThatThrownBy(() -> storage.put("link/evil.txt", new byte[] {1}, null))
                .isInstanceOf(InvalidKeyException.class);
        assertThat(outside.resolve("evil.txt")).doesNotExist();
        assertThatThrownBy(() -> storage.get("link/secret.txt")).isInstanceOf(InvalidKeyException.class);
        assertThat(storage.stat("link/secret.txt")).isEmpty();
        assertThat(storage.delete("link/secret.txt")).isFalse();
        assertThat(outside.resolve("secret.txt")).exists();
        assertThat(storage.list("")).isEmpty();
        assertThat(storage.deleteByPrefix("link/")).isZero();
        assertThat(outside.resolve("secret.txt")).exists();
    }

    @Test
    void keyOverAnExistingObjectPathFailsCleanly() {
        storage.put("live/a", new byte[1], null);

        assertThatThrownBy(() -> storage.put("live/a/b.ts", new byte[1], null))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("live/a/b.ts");
        assertThat(storage.get("live/a").contentLength()).isEqualTo(1);
    }

    @Test
    void pingFailsWhenTheRootIsGone() throws IOException {
        storage.ping();
        Files.delete(storeRoot());

        assertThatThrownBy(storage::ping).isInstanceOf(StorageException.class).hasMessageContaining("store");
    }

    @Test
    void describeNamesTheRoot() {
        assertThat(storage.describe()).contains(storeRoot().toString());
    }

    private List<Path> tempFiles() throws IOException {
        try (Stream<Path> files = Files.walk(storeRoot())) {
            return files.filter(p -> p.getFileName().toString().startsWith(".tmp-"))
                    .toList();
        }
    }

    @Test
    void aLocalObjectIsAFileRegionASenderCanHandToTheKernel() throws IOException {
        byte[] bytes = new byte[100_000];
        new java.util.Random(3).nextBytes(bytes);
        storage.put("live/s/x/360p/1.m4s", bytes, null);
        try (StorageObject whole = storage.get("live/s/x/360p/1.m4s")) {
            FileBody file = whole.file().orElseThrow();
            assertThat(file.offset()).isZero();
            assertThat(file.length()).isEqualTo(bytes.length);
            assertThat(file.channel().size()).isEqualTo(bytes.length);
            assertThat(whole.readAllBytes()).isEqualTo(bytes);
        }
        StorageObject range = storage.get("live/s/x/360p/1.m4s", ByteRange.of(1000, 500));
        FileBody file = range.file().orElseThrow();
        assertThat(file.offset()).isEqualTo(1000);
        assertThat(file.length()).isEqualTo(500);
        // Reading is positional: the channel's own position, which a sender may use, stays put.
        assertThat(range.readAllBytes()).isEqualTo(Arrays.copyOfRange(bytes, 1000, 1500));
        assertThat(file.channel().position()).isZero();
        assertThat(range.body().read()).isEqualTo(-1);
        range.close();
        assertThat(file.channel().isOpen()).isFalse();
    }
}
