package org.millrace.core.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.millrace.core.testing.S3ProxyServer;

/** Runs the storage contract against an in-process S3Proxy, plus S3-only behaviour. */
class S3StorageTest extends StorageContractTest {

    private static S3ProxyServer server;

    @BeforeAll
    static void startServer() {
        server = S3ProxyServer.start();
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    /** Each test gets its own bucket, which S3Storage creates on construction. */
    private static String freshBucket() {
        return "millrace-" + UUID.randomUUID().toString().substring(0, 13).toLowerCase(Locale.ROOT);
    }

    @Override
    protected Storage newStorage() {
        return new S3Storage(server.settings(freshBucket()));
    }

    @Override
    protected boolean expectsDirectUrl() {
        return true;
    }

    @Test
    void storedContentTypeIsKeptEvenWhenTheKeySaysOtherwise() throws IOException {
        storage.put("data.bin", new byte[] {1, 2}, "application/x-millrace");

        assertThat(storage.stat("data.bin").orElseThrow().contentType()).isEqualTo("application/x-millrace");
        try (StorageObject object = storage.get("data.bin")) {
            assertThat(object.contentType()).isEqualTo("application/x-millrace");
        }
    }

    @Test
    void unknownLengthLargerThanOnePartUsesMultipart() throws IOException {
        int size = (int) S3Storage.UNKNOWN_LENGTH_PART_SIZE + 3 * 1024 * 1024;
        byte[] data = bytes(size, 42);

        storage.put("vod/rec/big.mp4", new ByteArrayInputStream(data), -1, null);

        assertThat(storage.stat("vod/rec/big.mp4").orElseThrow().size()).isEqualTo(size);
        assertThat(read(storage.get("vod/rec/big.mp4"))).isEqualTo(data);
        assertThat(read(storage.get("vod/rec/big.mp4", ByteRange.of(size - 100, 100))))
                .isEqualTo(slice(data, size - 100, 100));
    }

    @Test
    void listAndDeleteByPrefixPageThroughResults() {
        try (S3Storage paged = new S3Storage(server.settings(freshBucket()), 7)) {
            for (int i = 0; i < 23; i++) {
                paged.put(String.format("live/p/seg%03d.ts", i), new byte[] {(byte) i}, null);
            }
            paged.put("live/q/keep.ts", new byte[1], null);

            assertThat(paged.list("live/p/")).hasSize(23);
            assertThat(paged.list("live/p/").get(22).key()).isEqualTo("live/p/seg022.ts");
            assertThat(paged.deleteByPrefix("live/p/")).isEqualTo(23);
            assertThat(paged.list("")).extracting(ObjectInfo::key).containsExactly("live/q/keep.ts");
        }
    }

    @Test
    void bucketIsCreatedOnceAndReusedByLaterInstances() {
        String bucket = freshBucket();
        try (S3Storage first = new S3Storage(server.settings(bucket))) {
            first.put("x.ts", new byte[] {9}, null);
        }
        try (S3Storage second = new S3Storage(server.settings(bucket))) {
            second.ping();
            assertThat(second.stat("x.ts")).isPresent();
        }
    }

    @Test
    void wrongCredentialsFailWithoutLeakingTheSecret() {
        S3Settings good = server.settings(freshBucket());
        String wrongSecret = "wrong-" + UUID.randomUUID();
        S3Settings bad = new S3Settings(good.endpoint(), good.accessKey(), wrongSecret, good.bucket(), good.region());

        assertThatThrownBy(() -> new S3Storage(bad))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining(good.bucket())
                .satisfies(e -> assertThat(fullText(e)).doesNotContain(wrongSecret));
        assertThat(bad.toString()).doesNotContain(wrongSecret);
    }

    @Test
    void unreachableEndpointFailsWithStorageException() {
        // Port 1 on loopback refuses connections; nothing is bound.
        S3Settings nowhere = new S3Settings("http://127.0.0.1:1", "ak", "sk-secret", freshBucket(), "us-east-1");

        assertThatThrownBy(() -> new S3Storage(nowhere))
                .isInstanceOf(StorageException.class)
                .satisfies(e -> assertThat(fullText(e)).doesNotContain("sk-secret"));
    }

    @Test
    void describeHasNoSecret() {
        assertThat(storage.describe()).contains(server.endpoint().toString()).doesNotContain(server.secretKey());
    }

    private static String fullText(Throwable e) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            text.append(t).append('\n');
        }
        return text.toString();
    }
}
