package org.millrace.uploads.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.millrace.core.storage.StorageLayout;
import org.millrace.core.storage.StorageObject;

/**
 * tus on S3 (the real S3 protocol: S3Proxy in-process): multipart parts of 8 MiB, pieces for what a request leaves
 * short of a part, completion on the last byte, and storage going away in the middle of an upload.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TusS3UploadTest {
    private static final int MIB = 1 << 20;
    private TusHarness harness;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        harness = TusHarness.onS3(dir, Map.of());
    }

    @AfterAll
    void stop() throws Exception {
        harness.close();
    }

    private static String id(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    private byte[] stored(String path) throws IOException {
        try (StorageObject object = harness.storage.get(StorageLayout.uploadSource(id(path)))) {
            return object.body().readAllBytes();
        }
    }

    @Test
    void chunksSmallerAndLargerThanAPartBecomeOneCompleteObject() throws Exception {
        TusClient client = harness.client("s3-chunks");
        byte[] file = TusUploadTest.bytes(21 * MIB + 777, 21);
        String path = client.createPath(file.length, "parts");
        int[] cuts = {0, 3 * MIB, 6 * MIB, 17 * MIB, file.length};
        for (int i = 0; i + 1 < cuts.length; i++) {
            TusClient.Answer patched = client.patch(path, cuts[i], file, cuts[i], cuts[i + 1]);
            assertThat(patched.status()).as(patched.body()).isEqualTo(204);
            assertThat(patched.offset()).isEqualTo(cuts[i + 1]);
            assertThat(client.head(path).offset()).isEqualTo(cuts[i + 1]);
        }
        assertThat(stored(path)).isEqualTo(file);
        assertThat(harness.storage.list(StorageLayout.uploadPieces(id(path)))).isEmpty();
        assertThat(client.get(path).json().getString("status")).isEqualTo("queued");
    }

    @Test
    void piecesLeftByOneServerAreContinuedByTheNextAfterARestart() throws Exception {
        TusClient client = harness.client("s3-restart");
        byte[] file = TusUploadTest.bytes(11 * MIB, 22);
        String path = client.createPath(file.length, "restart");
        assertThat(client.patch(path, 0, file, 0, 3 * MIB).status()).isEqualTo(204);
        assertThat(harness.storage.list(StorageLayout.uploadPieces(id(path)))).hasSize(1);
        harness.restart();
        client = harness.client("s3-restart");
        assertThat(client.head(path).offset()).isEqualTo(3L * MIB);
        assertThat(client.patch(path, 3 * MIB, file, 3 * MIB, file.length).status())
                .isEqualTo(204);
        assertThat(stored(path)).isEqualTo(file);
    }

    @Test
    void aDroppedConnectionKeepsWhatArrivedAsAPiece() throws Exception {
        TusClient client = harness.client("s3-drop");
        byte[] file = TusUploadTest.bytes(10 * MIB, 23);
        String path = client.createPath(file.length, "drop");
        client.patchAndDrop(path, 0, file, 0, 2 * MIB, file.length);
        long offset = awaitReleased(client, path);
        assertThat(offset).isPositive().isLessThanOrEqualTo(2L * MIB);
        assertThat(client.patch(path, offset, file, (int) offset, file.length).status())
                .isEqualTo(204);
        assertThat(stored(path)).isEqualTo(file);
    }

    @Test
    void storageGoingAwayMidUploadLosesNothingAndTheUploadResumes() throws Exception {
        TusClient client = harness.client("s3-outage");
        byte[] file = TusUploadTest.bytes(20 * MIB, 24);
        String path = client.createPath(file.length, "outage");
        try (Socket socket = client.patchStarted(path, 0, file, 0, 9 * MIB, file.length)) {
            // The first 8 MiB part is stored and recorded before S3 goes away.
            long deadline = System.currentTimeMillis() + 20_000;
            while (harness.count(
                            "SELECT count(*) FROM uploads WHERE id = $1 AND upload_offset >= $2", id(path), 8L * MIB)
                    == 0) {
                assertThat(System.currentTimeMillis()).isLessThan(deadline);
                Thread.sleep(50);
            }
            harness.s3.stop();
            TusClient.Answer answer = null;
            try {
                socket.getOutputStream().write(file, 9 * MIB, file.length - 9 * MIB);
                socket.getOutputStream().flush();
                answer = TusClient.read(socket.getInputStream());
            } catch (IOException closedOnUs) {
                // the gateway answered and closed while the rest was still being sent
            }
            if (answer != null) {
                assertThat(answer.status()).isEqualTo(503);
            }
        } finally {
            harness.s3.restart();
        }
        long offset = awaitReleased(client, path);
        assertThat(offset).isGreaterThanOrEqualTo(8L * MIB);
        assertThat(client.patch(path, offset, file, (int) offset, file.length).status())
                .isEqualTo(204);
        assertThat(stored(path)).isEqualTo(file);
    }

    @Test
    void expiryAbortsTheMultipartUploadAndDeletesThePieces() throws Exception {
        TusClient client = harness.client("s3-expire");
        byte[] file = TusUploadTest.bytes(12 * MIB, 25);
        String path = client.createPath(file.length, "expire");
        assertThat(client.patch(path, 0, file, 0, 10 * MIB).status()).isEqualTo(204);
        assertThat(harness.storage.list(StorageLayout.upload(id(path)))).isNotEmpty();
        harness.execute("UPDATE uploads SET expires_at = now() - interval '1 second' WHERE id = $1", id(path));
        long deadline = System.currentTimeMillis() + 10_000;
        while (harness.count("SELECT count(*) FROM uploads WHERE id = $1", id(path)) > 0) {
            assertThat(System.currentTimeMillis()).isLessThan(deadline);
            Thread.sleep(50);
        }
        assertThat(harness.storage.list(StorageLayout.upload(id(path)))).isEmpty();
        assertThat(client.head(path).status()).isEqualTo(404);
    }

    private long awaitReleased(TusClient client, String path) throws Exception {
        long deadline = System.currentTimeMillis() + 30_000;
        while (harness.count("SELECT count(*) FROM uploads WHERE id = $1 AND writer IS NULL", id(path)) == 0) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("the request never let go of the upload");
            }
            Thread.sleep(50);
        }
        return client.head(path).offset();
    }
}
