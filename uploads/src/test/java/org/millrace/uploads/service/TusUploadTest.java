package org.millrace.uploads.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.millrace.core.storage.StorageLayout;

/** tus 1.0 on the real gateway with the uploads service, the local store and embedded PostgreSQL. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TusUploadTest {
    private static final int MIB = 1 << 20;
    private Path dir;
    private TusHarness harness;

    @BeforeAll
    void start(@TempDir Path tempDir) throws Exception {
        dir = tempDir;
        harness = TusHarness.local(
                dir, Map.of("MILLRACE_UPLOAD_MAX_BYTES", Long.toString(64L * MIB), "MILLRACE_UPLOADS_PER_USER", "3"));
    }

    @AfterAll
    void stop() throws Exception {
        harness.close();
    }

    static byte[] bytes(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    private byte[] stored(String path) throws Exception {
        String id = path.substring(path.lastIndexOf('/') + 1);
        return Files.readAllBytes(dir.resolve("storage/millrace").resolve(StorageLayout.uploadSource(id)));
    }

    private static String id(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    @Test
    void optionsAnswersTheServersTusCapabilities() throws Exception {
        TusClient.Answer options = harness.client("u-opt").options();
        assertThat(options.status()).isEqualTo(204);
        assertThat(options.header("Tus-Resumable")).isEqualTo("1.0.0");
        assertThat(options.header("Tus-Version")).isEqualTo("1.0.0");
        assertThat(options.header("Tus-Max-Size")).isEqualTo(Long.toString(64L * MIB));
        assertThat(options.header("Tus-Extension")).isEqualTo("creation,termination,expiration");
    }

    @Test
    void anUploadInChunksEndsQueuedWithEveryByteStored() throws Exception {
        TusClient client = harness.client("u-chunks");
        byte[] file = bytes(20 * MIB + 12345, 1);
        TusClient.Answer created = client.create(
                file.length,
                Map.of(
                        "filename",
                        "holiday.mp4",
                        "title",
                        "Holiday",
                        "visibility",
                        "private",
                        "description",
                        "on the beach",
                        "tags",
                        "sea,sun"));
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.header("Tus-Resumable")).isEqualTo("1.0.0");
        assertThat(created.header("Upload-Expires")).endsWith("GMT");
        String path = created.header("Location");
        assertThat(path).matches("/api/uploads/[A-Za-z0-9_-]{16}");

        TusClient.Answer head = client.head(path);
        assertThat(head.status()).isEqualTo(200);
        assertThat(head.offset()).isZero();
        assertThat(head.header("Upload-Length")).isEqualTo(Integer.toString(file.length));
        assertThat(head.header("Cache-Control")).isEqualTo("no-store");

        int[] cuts = {0, 3 * MIB, 11 * MIB, file.length};
        for (int i = 0; i + 1 < cuts.length; i++) {
            TusClient.Answer patched = client.patch(path, cuts[i], file, cuts[i], cuts[i + 1]);
            assertThat(patched.status()).as(patched.body()).isEqualTo(204);
            assertThat(patched.offset()).isEqualTo(cuts[i + 1]);
            assertThat(patched.header("Tus-Resumable")).isEqualTo("1.0.0");
            if (i + 2 < cuts.length) {
                assertThat(client.get(path).json().getString("status")).isEqualTo("uploading");
            }
        }
        assertThat(stored(path)).isEqualTo(file);
        var upload = client.get(path).json();
        assertThat(upload.getString("status")).isEqualTo("queued");
        assertThat(upload.getString("title")).isEqualTo("Holiday");
        assertThat(upload.getString("visibility")).isEqualTo("private");
        assertThat(upload.getJsonArray("tags").getList()).containsExactly("sea", "sun");
        assertThat(upload.getLong("offset")).isEqualTo(file.length);
        assertThat(harness.count(
                        "SELECT count(*) FROM uploads WHERE id = $1 AND status = 'queued' "
                                + "AND source_key = $2 AND next_attempt_at <= now()",
                        id(path),
                        StorageLayout.uploadSource(id(path))))
                .isEqualTo(1);
        // A finished upload takes no more bytes.
        assertThat(client.patch(path, file.length, file, 0, 1).status()).isEqualTo(409);
    }

    @Test
    void aPatchAtAnyOtherOffsetThanTheServersIs409AndChangesNothing() throws Exception {
        TusClient client = harness.client("u-offset");
        byte[] file = bytes(2 * MIB, 2);
        String path = client.createPath(file.length, "offsets");
        assertThat(client.patch(path, 0, file, 0, MIB).status()).isEqualTo(204);
        TusClient.Answer wrong = client.patch(path, 0, file, 0, MIB);
        assertThat(wrong.status()).isEqualTo(409);
        assertThat(wrong.json().getJsonObject("error").getString("code")).isEqualTo("offset_mismatch");
        assertThat(client.patch(path, 2 * MIB - 10, file, 0, 10).status()).isEqualTo(409);
        assertThat(client.head(path).offset()).isEqualTo(MIB);
        assertThat(client.patch(path, MIB, file, MIB, file.length).status()).isEqualTo(204);
        assertThat(stored(path)).isEqualTo(file);
        client.delete(path);
    }

    @Test
    void someoneElsesUploadIs404ForEveryMethod() throws Exception {
        TusClient owner = harness.client("u-owner");
        TusClient other = harness.client("u-other");
        byte[] file = bytes(1000, 3);
        String path = owner.createPath(file.length, "mine");
        assertThat(other.head(path).status()).isEqualTo(404);
        assertThat(other.patch(path, 0, file, 0, file.length).status()).isEqualTo(404);
        assertThat(other.delete(path).status()).isEqualTo(404);
        assertThat(other.get(path).status()).isEqualTo(404);
        assertThat(other.post(path + "/retry").status()).isEqualTo(404);
        assertThat(other.get("/api/uploads").json().getJsonArray("items")).isEmpty();
        assertThat(owner.head(path).offset()).isZero();
        assertThat(harness.client("u-owner").head("/api/uploads/not-an-id").status())
                .isEqualTo(404);
        owner.delete(path);
    }

    @Test
    void badRequestsAreRefusedWithTheirOwnStatusBeforeAnyByteIsStored() throws Exception {
        TusClient client = harness.client("u-bad");
        TusClient.Answer tooLarge = client.create(64L * MIB + 1, TusClient.video("huge"));
        assertThat(tooLarge.status()).isEqualTo(413);
        assertThat(tooLarge.header("Tus-Resumable")).isEqualTo("1.0.0");
        Map<String, String> noTitle = new LinkedHashMap<>(TusClient.video("x"));
        noTitle.remove("title");
        assertThat(client.create(10, noTitle).status()).isEqualTo(400);
        Map<String, String> badVisibility = new LinkedHashMap<>(TusClient.video("x"));
        badVisibility.put("visibility", "everyone");
        assertThat(client.create(10, badVisibility).status()).isEqualTo(400);
        // A tag the library would refuse at import is refused now, before hours of upload and transcoding.
        Map<String, String> badTag = new LinkedHashMap<>(TusClient.video("x"));
        badTag.put("tags", "sea,beach party");
        assertThat(client.create(10, badTag).status()).isEqualTo(400);
        Map<String, String> controlInTitle = new LinkedHashMap<>(TusClient.video("x"));
        controlInTitle.put("title", "bell\u0007");
        assertThat(client.create(10, controlInTitle).status()).isEqualTo(400);
        assertThat(client.send(client.request("/api/uploads")
                                .header("Upload-Metadata", "filename !!!")
                                .header("Upload-Length", "10")
                                .POST(java.net.http.HttpRequest.BodyPublishers.noBody()))
                        .status())
                .isEqualTo(400);
        assertThat(client.send(client.request("/api/uploads")
                                .header("Upload-Length", "-5")
                                .header("Upload-Metadata", TusClient.metadata(TusClient.video("x")))
                                .POST(java.net.http.HttpRequest.BodyPublishers.noBody()))
                        .status())
                .isEqualTo(400);
        TusClient.Answer oldVersion = client.send(client.request("/api/uploads")
                .setHeader("Tus-Resumable", "0.2.2")
                .header("Upload-Length", "10")
                .POST(java.net.http.HttpRequest.BodyPublishers.noBody()));
        assertThat(oldVersion.status()).isEqualTo(412);
        assertThat(oldVersion.header("Tus-Version")).isEqualTo("1.0.0");
        assertThat(new TusClient(harness.port, "not-a-token")
                        .create(10, TusClient.video("x"))
                        .status())
                .isEqualTo(401);
        assertThat(harness.count("SELECT count(*) FROM uploads WHERE owner_id = 'u-bad'"))
                .isZero();

        byte[] file = bytes(100, 4);
        String path = client.createPath(file.length, "types");
        assertThat(client.patch(path, 0, file, 0, file.length, Map.of("Content-Type", "application/json"))
                        .status())
                .isEqualTo(415);
        TusClient.Answer tooLong = client.patch(path, 0, bytes(101, 5), 0, 101);
        assertThat(tooLong.status()).isEqualTo(413);
        assertThat(client.head(path).offset()).isZero();
        client.delete(path);
    }

    @Test
    void aClientSendingMoreBytesThanItDeclaredGetsAnErrorAndFewerLeaveItUploading() throws Exception {
        TusClient client = harness.client("u-liar");
        byte[] file = bytes(3 * MIB, 6);
        String path = client.createPath(2 * MIB, "liar");
        // Chunked: no Content-Length to refuse up front, so the excess is found in the body.
        try (Socket socket = new Socket("127.0.0.1", harness.port)) {
            String head = "PATCH " + path + " HTTP/1.1\r\nHost: x\r\nTus-Resumable: 1.0.0\r\nAuthorization: Bearer "
                    + harness.token("u-liar") + "\r\nUpload-Offset: 0\r\nContent-Type: application/offset+octet-stream"
                    + "\r\nTransfer-Encoding: chunked\r\n\r\n";
            var out = socket.getOutputStream();
            out.write(head.getBytes());
            out.write((Integer.toHexString(file.length) + "\r\n").getBytes());
            out.write(file);
            out.write("\r\n0\r\n\r\n".getBytes());
            out.flush();
            TusClient.Answer answer = TusClient.read(socket.getInputStream());
            assertThat(answer.status()).isEqualTo(413);
            assertThat(answer.json().getJsonObject("error").getString("code")).isEqualTo("upload_too_long");
        }
        assertThat(client.get(path).json().getString("status")).isEqualTo("uploading");
        assertThat(client.head(path).offset()).isLessThan(2L * MIB);

        String shortPath = client.createPath(2 * MIB, "short");
        assertThat(client.patch(shortPath, 0, file, 0, MIB).status()).isEqualTo(204);
        TusClient.Answer stillUploading = client.get(shortPath);
        assertThat(stillUploading.json().getString("status")).isEqualTo("uploading");
        assertThat(stillUploading.json().getInteger("progress")).isEqualTo(50);
        client.delete(path);
        client.delete(shortPath);
    }

    @Test
    void aDroppedConnectionKeepsWhatArrivedAndTheClientResumesFromHeadsOffset() throws Exception {
        TusClient client = harness.client("u-drop");
        byte[] file = bytes(12 * MIB, 7);
        String path = client.createPath(file.length, "drop");
        client.patchAndDrop(path, 0, file, 0, 5 * MIB, file.length);
        long offset = awaitReleased(client, path);
        assertThat(offset).isPositive().isLessThanOrEqualTo(5L * MIB);
        TusClient.Answer resumed = client.patch(path, offset, file, (int) offset, file.length);
        assertThat(resumed.status()).isEqualTo(204);
        assertThat(stored(path)).isEqualTo(file);
    }

    /** The offset once the dropped request has recorded its bytes and given up its claim. */
    private long awaitReleased(TusClient client, String path) throws Exception {
        long deadline = System.currentTimeMillis() + 20_000;
        while (harness.count("SELECT count(*) FROM uploads WHERE id = $1 AND writer IS NULL", id(path)) == 0) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("the dropped request never let go of the upload");
            }
            Thread.sleep(50);
        }
        return client.head(path).offset();
    }

    @Test
    void whileOneRequestWritesAnUploadASecondIsRefused423() throws Exception {
        TusClient client = harness.client("u-race");
        byte[] file = bytes(2 * MIB, 8);
        String path = client.createPath(file.length, "race");
        try (Socket first = client.patchStarted(path, 0, file, 0, MIB, file.length)) {
            Thread.sleep(300);
            TusClient.Answer second = client.patch(path, 0, file, 0, file.length);
            assertThat(second.status()).isEqualTo(423);
            first.getOutputStream().write(file, MIB, file.length - MIB);
            first.getOutputStream().flush();
            assertThat(TusClient.read(first.getInputStream()).status()).isEqualTo(204);
        }
        assertThat(stored(path)).isEqualTo(file);
    }

    @Test
    void aRestartedServerAnswersTheSameOffsetAndTheUploadCompletes() throws Exception {
        TusClient client = harness.client("u-restart");
        byte[] file = bytes(10 * MIB, 9);
        String path = client.createPath(file.length, "restart");
        assertThat(client.patch(path, 0, file, 0, 4 * MIB).status()).isEqualTo(204);
        harness.restart();
        client = harness.client("u-restart");
        assertThat(client.head(path).offset()).isEqualTo(4L * MIB);
        assertThat(client.patch(path, 4 * MIB, file, 4 * MIB, file.length).status())
                .isEqualTo(204);
        assertThat(stored(path)).isEqualTo(file);
    }

    @Test
    void deleteTerminatesTheUploadAndItsBytes() throws Exception {
        TusClient client = harness.client("u-delete");
        byte[] file = bytes(MIB, 10);
        String path = client.createPath(2 * MIB, "delete");
        assertThat(client.patch(path, 0, file, 0, file.length).status()).isEqualTo(204);
        Path source = dir.resolve("storage/millrace").resolve(StorageLayout.uploadSource(id(path)));
        assertThat(source).exists();
        TusClient.Answer deleted = client.delete(path);
        assertThat(deleted.status()).isEqualTo(204);
        assertThat(deleted.header("Tus-Resumable")).isEqualTo("1.0.0");
        assertThat(source).doesNotExist();
        assertThat(client.head(path).status()).isEqualTo(404);
        assertThat(client.get(path).status()).isEqualTo(404);
    }

    @Test
    void anAbandonedUploadExpiresAndItsBytesAreDeleted() throws Exception {
        TusClient client = harness.client("u-expire");
        byte[] file = bytes(MIB, 11);
        String path = client.createPath(2 * MIB, "abandoned");
        assertThat(client.patch(path, 0, file, 0, file.length).status()).isEqualTo(204);
        Path source = dir.resolve("storage/millrace").resolve(StorageLayout.uploadSource(id(path)));
        harness.execute("UPDATE uploads SET expires_at = now() - interval '1 second' WHERE id = $1", id(path));
        long deadline = System.currentTimeMillis() + 10_000;
        while (harness.count("SELECT count(*) FROM uploads WHERE id = $1", id(path)) > 0) {
            assertThat(System.currentTimeMillis()).isLessThan(deadline);
            Thread.sleep(50);
        }
        assertThat(source).doesNotExist();
        assertThat(client.head(path).status()).isEqualTo(404);
    }

    @Test
    void aUserHoldsAtMostTheConfiguredNumberOfUnfinishedUploads() throws Exception {
        TusClient client = harness.client("u-cap");
        String a = client.createPath(10, "a");
        client.createPath(10, "b");
        client.createPath(10, "c");
        TusClient.Answer fourth = client.create(10, TusClient.video("d"));
        assertThat(fourth.status()).isEqualTo(429);
        assertThat(fourth.header("Retry-After")).isNotNull();
        // Finishing one makes room.
        assertThat(client.patch(a, 0, bytes(10, 12), 0, 10).status()).isEqualTo(204);
        assertThat(client.create(10, TusClient.video("d")).status()).isEqualTo(201);
    }

    @Test
    void theCallersUploadsAreListedNewestFirstPageByPage() throws Exception {
        TusClient client = harness.client("u-list");
        String first = client.createPath(0, "zero"); // 0 bytes: complete at creation
        assertThat(client.get(first).json().getString("status")).isEqualTo("queued");
        String second = client.createPath(5, "second");
        var page = client.get("/api/uploads?limit=1").json();
        assertThat(page.getJsonArray("items").getJsonObject(0).getString("id")).isEqualTo(id(second));
        String cursor = page.getString("nextCursor");
        assertThat(cursor).isNotNull();
        var next = client.get("/api/uploads?limit=1&cursor=" + cursor).json();
        assertThat(next.getJsonArray("items").getJsonObject(0).getString("id")).isEqualTo(id(first));
        assertThat(next.getString("nextCursor")).isNull();
        assertThat(client.get("/api/uploads?cursor=garbage").status()).isEqualTo(400);
        client.delete(second);
    }

    @Test
    void onlyAFailedUploadCanBeRetriedAndThenItIsQueuedAgain() throws Exception {
        TusClient client = harness.client("u-retry");
        String path = client.createPath(3, "retry");
        assertThat(client.post(path + "/retry").status()).isEqualTo(409);
        assertThat(client.patch(path, 0, bytes(3, 13), 0, 3).status()).isEqualTo(204);
        harness.execute("UPDATE uploads SET status = 'failed', error = 'not a video' WHERE id = $1", id(path));
        var failed = client.get(path).json();
        assertThat(failed.getString("status")).isEqualTo("failed");
        assertThat(failed.getString("error")).isEqualTo("not a video");
        TusClient.Answer retried = client.post(path + "/retry");
        assertThat(retried.status()).isEqualTo(200);
        assertThat(retried.json().getString("status")).isEqualTo("queued");
        assertThat(retried.json().getString("error")).isNull();
    }
}
