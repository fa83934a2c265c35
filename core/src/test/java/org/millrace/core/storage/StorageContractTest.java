package org.millrace.core.storage;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Behaviour every {@link Storage} backend must share; subclasses supply a fresh, empty storage per test. */
abstract class StorageContractTest {

    protected Storage storage;

    @TempDir
    Path scratch;

    /** A new storage with no objects in it. */
    protected abstract Storage newStorage() throws Exception;

    /** Whether the backend hands out URLs clients can fetch directly. */
    protected abstract boolean expectsDirectUrl();

    @BeforeEach
    void openStorage() throws Exception {
        storage = newStorage();
    }

    @AfterEach
    void closeStorage() {
        if (storage != null) {
            storage.close();
        }
    }

    protected static byte[] bytes(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    protected static byte[] read(StorageObject object) throws IOException {
        try (object) {
            return object.body().readAllBytes();
        }
    }

    @Test
    void putAndGetBytesRoundTrip() throws IOException {
        byte[] data = bytes(4096, 1);
        storage.put("live/s1/seg0.ts", data, "video/mp2t");

        try (StorageObject object = storage.get("live/s1/seg0.ts")) {
            assertThat(object.body().readAllBytes()).isEqualTo(data);
            assertThat(object.contentLength()).isEqualTo(4096);
            assertThat(object.totalSize()).isEqualTo(4096);
            assertThat(object.contentType()).isEqualTo("video/mp2t");
            assertThat(object.range()).isEmpty();
            assertThat(object.partial()).isFalse();
            assertThat(object.etag()).isNotBlank();
            assertThat(object.lastModified()).isNotNull();
        }
    }

    @Test
    void nullContentTypeIsDerivedFromTheKey() throws IOException {
        storage.put("live/s1/index.m3u8", "#EXTM3U\n".getBytes(UTF_8), null);

        assertThat(storage.stat("live/s1/index.m3u8").orElseThrow().contentType())
                .isEqualTo("application/vnd.apple.mpegurl");
        try (StorageObject object = storage.get("live/s1/index.m3u8")) {
            assertThat(object.contentType()).isEqualTo("application/vnd.apple.mpegurl");
        }
    }

    @Test
    void emptyObjectRoundTrip() throws IOException {
        storage.put("empty.json", new byte[0], "application/json");

        try (StorageObject object = storage.get("empty.json")) {
            assertThat(object.body().readAllBytes()).isEmpty();
            assertThat(object.totalSize()).isZero();
        }
        assertThat(storage.stat("empty.json").orElseThrow().size()).isZero();
    }

    @Test
    void putFileRoundTrip() throws IOException {
        byte[] data = bytes(100_000, 2);
        Path file = scratch.resolve("upload.mp4");
        Files.write(file, data);

        storage.put("vod/rec1/full.mp4", file, "video/mp4");

        try (StorageObject object = storage.get("vod/rec1/full.mp4")) {
            assertThat(object.body().readAllBytes()).isEqualTo(data);
            assertThat(object.contentType()).isEqualTo("video/mp4");
        }
        assertThat(file).exists();
    }

    @Test
    void putOfMissingFileFails() {
        assertThatThrownBy(() -> storage.put("vod/x.mp4", scratch.resolve("absent.mp4"), "video/mp4"))
                .isInstanceOf(StorageException.class);
        assertThat(storage.stat("vod/x.mp4")).isEmpty();
    }

    @Test
    void putStreamWithKnownLength() throws IOException {
        byte[] data = bytes(70_000, 3);
        storage.put("live/s1/seg1.m4s", new ByteArrayInputStream(data), data.length, "video/iso.segment");

        try (StorageObject object = storage.get("live/s1/seg1.m4s")) {
            assertThat(object.body().readAllBytes()).isEqualTo(data);
            assertThat(object.contentType()).isEqualTo("video/iso.segment");
        }
    }

    @Test
    void putStreamWithUnknownLength() throws IOException {
        byte[] data = bytes(300_000, 4);
        storage.put("live/s1/seg2.ts", new ByteArrayInputStream(data), -1, "video/mp2t");

        try (StorageObject object = storage.get("live/s1/seg2.ts")) {
            assertThat(object.body().readAllBytes()).isEqualTo(data);
            assertThat(object.contentLength()).isEqualTo(data.length);
        }
    }

    @Test
    void putStreamShorterThanDeclaredFailsAndStoresNothing() {
        byte[] data = bytes(1000, 5);
        assertThatThrownBy(() -> storage.put("short.ts", new ByteArrayInputStream(data), 2000, "video/mp2t"))
                .isInstanceOf(StorageException.class);
        assertThat(storage.stat("short.ts")).isEmpty();
    }

    @Test
    void overwriteReplacesContentAndSize() throws IOException {
        storage.put("live/s1/index.m3u8", bytes(5000, 6), null);
        byte[] second = bytes(1234, 7);
        storage.put("live/s1/index.m3u8", second, null);

        assertThat(read(storage.get("live/s1/index.m3u8"))).isEqualTo(second);
        assertThat(storage.stat("live/s1/index.m3u8").orElseThrow().size()).isEqualTo(1234);
        assertThat(storage.list("live/")).hasSize(1);
    }

    @Test
    void statOfPresentAndMissingKeys() {
        storage.put("thumbs/s1.jpg", bytes(321, 8), "image/jpeg");

        ObjectInfo info = storage.stat("thumbs/s1.jpg").orElseThrow();
        assertThat(info.key()).isEqualTo("thumbs/s1.jpg");
        assertThat(info.size()).isEqualTo(321);
        assertThat(info.contentType()).isEqualTo("image/jpeg");
        assertThat(info.etag()).isNotBlank();
        assertThat(info.lastModified()).isNotNull();

        assertThat(storage.stat("thumbs/s2.jpg")).isEmpty();
        assertThat(storage.stat("thumbs")).isEmpty();
    }

    @Test
    void etagChangesWhenContentChanges() {
        storage.put("a.json", "{\"v\":1}".getBytes(UTF_8), null);
        String first = storage.stat("a.json").orElseThrow().etag();
        storage.put("a.json", "{\"v\":22}".getBytes(UTF_8), null);

        assertThat(storage.stat("a.json").orElseThrow().etag()).isNotEqualTo(first);
    }

    @Test
    void getOfMissingKeyNamesTheKey() {
        assertThatThrownBy(() -> storage.get("live/nope/seg9.ts"))
                .isInstanceOf(StorageNotFoundException.class)
                .hasMessageContaining("live/nope/seg9.ts")
                .hasMessageContaining("not found");
        assertThatThrownBy(() -> storage.get("live/nope/seg9.ts", ByteRange.of(0, 10)))
                .isInstanceOf(StorageNotFoundException.class);
    }

    @Test
    void rangeInTheMiddle() throws IOException {
        byte[] data = bytes(100, 9);
        storage.put("r.bin", data, null);

        try (StorageObject object = storage.get("r.bin", ByteRange.of(10, 20))) {
            assertThat(object.body().readAllBytes()).isEqualTo(slice(data, 10, 20));
            assertThat(object.contentLength()).isEqualTo(20);
            assertThat(object.totalSize()).isEqualTo(100);
            assertThat(object.range()).contains(ByteRange.of(10, 20));
            assertThat(object.partial()).isTrue();
        }
    }

    @Test
    void rangeFromOffsetToEnd() throws IOException {
        byte[] data = bytes(100, 10);
        storage.put("r.bin", data, null);

        try (StorageObject object = storage.get("r.bin", ByteRange.from(90))) {
            assertThat(object.body().readAllBytes()).isEqualTo(slice(data, 90, 10));
            assertThat(object.range()).contains(ByteRange.of(90, 10));
            assertThat(object.totalSize()).isEqualTo(100);
        }
    }

    @Test
    void suffixRangeFromHttpHeader() throws IOException {
        byte[] data = bytes(100, 11);
        storage.put("r.bin", data, null);
        long size = storage.stat("r.bin").orElseThrow().size();
        ByteRange range = ByteRange.fromHttpHeader("bytes=-15", size).orElseThrow();

        try (StorageObject object = storage.get("r.bin", range)) {
            assertThat(object.body().readAllBytes()).isEqualTo(slice(data, 85, 15));
            assertThat(object.range().orElseThrow().contentRange(object.totalSize()))
                    .isEqualTo("bytes 85-99/100");
        }
    }

    @Test
    void rangePastTheEndIsClamped() throws IOException {
        byte[] data = bytes(100, 12);
        storage.put("r.bin", data, null);

        try (StorageObject object = storage.get("r.bin", ByteRange.of(95, 50))) {
            assertThat(object.body().readAllBytes()).isEqualTo(slice(data, 95, 5));
            assertThat(object.contentLength()).isEqualTo(5);
            assertThat(object.range()).contains(ByteRange.of(95, 5));
        }
    }

    @Test
    void rangeStartingAtOrAfterTheEndIsUnsatisfiable() {
        storage.put("r.bin", bytes(100, 13), null);

        assertThatThrownBy(() -> storage.get("r.bin", ByteRange.from(100)))
                .isInstanceOf(RangeNotSatisfiableException.class);
        assertThatThrownBy(() -> storage.get("r.bin", ByteRange.of(250, 10)))
                .isInstanceOf(RangeNotSatisfiableException.class);
        assertThatThrownBy(() -> ByteRange.fromHttpHeader("bytes=100-", 100))
                .isInstanceOf(RangeNotSatisfiableException.class);
    }

    @Test
    void wholeRangeOfEmptyObjectIsEmpty() throws IOException {
        storage.put("empty.bin", new byte[0], null);

        try (StorageObject object = storage.get("empty.bin", ByteRange.from(0))) {
            assertThat(object.body().readAllBytes()).isEmpty();
            assertThat(object.range()).contains(ByteRange.of(0, 0));
        }
    }

    @Test
    void listIsRecursiveSortedAndHonoursThePrefix() {
        storage.put("live/a/sub/2.ts", bytes(2, 14), null);
        storage.put("live/a/1.ts", bytes(1, 15), null);
        storage.put("live/a2/x.ts", bytes(3, 16), null);
        storage.put("live/b/y.ts", bytes(4, 17), null);
        storage.put("other.json", bytes(5, 18), null);

        assertThat(storage.list("live/a/"))
                .extracting(ObjectInfo::key)
                .containsExactly("live/a/1.ts", "live/a/sub/2.ts");
        assertThat(storage.list("live/a/")).extracting(ObjectInfo::size).containsExactly(1L, 2L);
        assertThat(storage.list("live/a/").get(0).contentType()).isEqualTo("video/mp2t");
        // A prefix without a trailing slash is a plain string prefix, as in S3.
        assertThat(storage.list("live/a"))
                .extracting(ObjectInfo::key)
                .containsExactly("live/a/1.ts", "live/a/sub/2.ts", "live/a2/x.ts");
        assertThat(storage.list(""))
                .extracting(ObjectInfo::key)
                .containsExactly("live/a/1.ts", "live/a/sub/2.ts", "live/a2/x.ts", "live/b/y.ts", "other.json");
        assertThat(storage.list("nothing/")).isEmpty();
        assertThat(storage.list("live/a/1.ts")).extracting(ObjectInfo::key).containsExactly("live/a/1.ts");
    }

    @Test
    void deleteByPrefixReturnsCountAndLeavesOtherPrefixes() {
        storage.put("live/a/1.ts", bytes(1, 19), null);
        storage.put("live/a/sub/2.ts", bytes(2, 20), null);
        storage.put("live/a/index.m3u8", bytes(3, 21), null);
        storage.put("live/a2/x.ts", bytes(3, 22), null);
        storage.put("live/b/y.ts", bytes(4, 23), null);

        assertThat(storage.deleteByPrefix("live/a/")).isEqualTo(3);

        assertThat(storage.list("")).extracting(ObjectInfo::key).containsExactly("live/a2/x.ts", "live/b/y.ts");
        assertThat(storage.stat("live/a/1.ts")).isEmpty();
        assertThat(storage.deleteByPrefix("live/a/")).isZero();
    }

    @Test
    void deleteSingleObject() {
        storage.put("live/a/1.ts", bytes(1, 24), null);
        storage.put("live/a/2.ts", bytes(1, 25), null);

        assertThat(storage.delete("live/a/1.ts")).isTrue();
        assertThat(storage.delete("live/a/1.ts")).isFalse();
        assertThatThrownBy(() -> storage.get("live/a/1.ts")).isInstanceOf(StorageNotFoundException.class);
        assertThat(storage.list("")).extracting(ObjectInfo::key).containsExactly("live/a/2.ts");
    }

    static List<String> invalidKeys() {
        return List.of(
                "../x",
                "a/../b",
                "a/..",
                "./a",
                "a/./b",
                "/abs",
                "a\\b",
                "a//b",
                "a/",
                "a\u0000b",
                "a\nb",
                "",
                "a/.tmp-123",
                "x".repeat(1025));
    }

    @ParameterizedTest
    @MethodSource("invalidKeys")
    void invalidKeysAreRefusedEverywhere(String key) {
        assertThatThrownBy(() -> storage.put(key, bytes(1, 26), null)).isInstanceOf(InvalidKeyException.class);
        assertThatThrownBy(() -> storage.put(key, new ByteArrayInputStream(new byte[1]), 1, null))
                .isInstanceOf(InvalidKeyException.class);
        assertThatThrownBy(() -> storage.get(key)).isInstanceOf(InvalidKeyException.class);
        assertThatThrownBy(() -> storage.get(key, ByteRange.from(0))).isInstanceOf(InvalidKeyException.class);
        assertThatThrownBy(() -> storage.stat(key)).isInstanceOf(InvalidKeyException.class);
        assertThatThrownBy(() -> storage.delete(key)).isInstanceOf(InvalidKeyException.class);
        assertThatThrownBy(() -> storage.directUrl(key, Duration.ofMinutes(1))).isInstanceOf(InvalidKeyException.class);
        assertThat(storage.list("")).isEmpty();
    }

    @Test
    void nullKeyAndBadPrefixesAreRefused() {
        assertThatThrownBy(() -> storage.stat(null)).isInstanceOf(InvalidKeyException.class);
        assertThatThrownBy(() -> storage.list(null)).isInstanceOf(InvalidKeyException.class);
        assertThatThrownBy(() -> storage.list("../")).isInstanceOf(InvalidKeyException.class);
        assertThatThrownBy(() -> storage.list("/")).isInstanceOf(InvalidKeyException.class);
        assertThatThrownBy(() -> storage.deleteByPrefix("a//")).isInstanceOf(InvalidKeyException.class);
        assertThatThrownBy(() -> storage.deleteByPrefix("/live/")).isInstanceOf(InvalidKeyException.class);
    }

    @Test
    void concurrentWritersOfDistinctKeys() throws Exception {
        int threads = 8;
        int perThread = 25;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < perThread; i++) {
                        storage.put(concurrentKey(thread, i), content(thread, i), null);
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(storage.list("conc/")).hasSize(threads * perThread);
        for (int t = 0; t < threads; t++) {
            for (int i = 0; i < perThread; i++) {
                assertThat(read(storage.get(concurrentKey(t, i))))
                        .as(concurrentKey(t, i))
                        .isEqualTo(content(t, i));
            }
        }
    }

    private static String concurrentKey(int thread, int i) {
        return "conc/t" + thread + "/seg" + i + ".ts";
    }

    private static byte[] content(int thread, int i) {
        return bytes(1000 + thread * 100 + i, thread * 1000L + i);
    }

    @Test
    void directUrl() throws Exception {
        byte[] data = bytes(2048, 27);
        storage.put("vod/rec1/thumb.png", data, "image/png");

        Optional<URI> url = storage.directUrl("vod/rec1/thumb.png", Duration.ofMinutes(5));

        if (!expectsDirectUrl()) {
            assertThat(url).isEmpty();
            return;
        }
        assertThat(url).isPresent();
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<byte[]> response =
                http.send(HttpRequest.newBuilder(url.get()).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(data);
        assertThat(response.headers().firstValue("Content-Type")).contains("image/png");
    }

    @Test
    void pingSucceedsAndDescribeSaysSomething() {
        storage.ping();
        assertThat(storage.describe()).isNotBlank();
    }

    @Test
    void bodyStreamsCanBeReadIncrementally() throws IOException {
        byte[] data = bytes(10_000, 28);
        storage.put("inc.bin", data, null);

        try (StorageObject object = storage.get("inc.bin", ByteRange.of(1000, 5000))) {
            InputStream in = object.body();
            byte[] first = in.readNBytes(10);
            assertThat(first).isEqualTo(slice(data, 1000, 10));
            assertThat(in.readAllBytes()).isEqualTo(slice(data, 1010, 4990));
            assertThat(in.read()).isEqualTo(-1);
        }
    }

    protected static byte[] slice(byte[] data, int offset, int length) {
        byte[] out = new byte[length];
        System.arraycopy(data, offset, out, 0, length);
        return out;
    }
}
