package org.millrace.core.storage.upload;

import io.minio.AbortMultipartUploadArgs;
import io.minio.CompleteMultipartUploadArgs;
import io.minio.CreateMultipartUploadArgs;
import io.minio.Http;
import io.minio.MinioAsyncClient;
import io.minio.UploadPartArgs;
import io.minio.errors.ErrorResponseException;
import io.minio.messages.Part;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.millrace.core.storage.S3HttpClients;
import org.millrace.core.storage.S3Settings;
import org.millrace.core.storage.Storage;
import org.millrace.core.storage.StorageException;
import org.millrace.core.storage.StorageLayout;

/**
 * Uploads on S3/MinIO as one multipart upload each, written by {@link S3PartWriter} (parts of
 * {@link UploadObjects#partSize}, up to {@link #PARTS_IN_FLIGHT} of them in flight, so at most that many plus one part
 * files on local disk per upload being written; pieces between requests).
 * The last byte completes the multipart upload into {@code uploads/<id>/source}.
 */
final class S3UploadObjects implements UploadObjects {
    private static final long CALL_TIMEOUT_SECONDS = 120;
    /** S3 answers a part once it has all of it: a few parts in flight keep the link busy through those waits. */
    static final int PARTS_IN_FLIGHT = 3;
    /**
     * A part's signature covers its headers, not its bytes: over plain HTTP the client would otherwise hash every
     * part with SHA-256 for the signature and the server hash it again to check it: against S3Proxy, an 8 MiB part
     * took about twice as long signed (docs/benchmarks.md, issue 16). The bytes stay checked:
     * with an unsigned payload the client sends a CRC32C checksum of the part, which S3 and MinIO verify (what the
     * client does for every part over HTTPS anyway).
     */
    private static final Map<String, String> UNSIGNED_PAYLOAD = Map.of("X-Amz-Content-Sha256", "UNSIGNED-PAYLOAD");

    private final S3Settings settings;
    private final Storage storage;
    private final Path spool;
    private final MinioAsyncClient client;

    S3UploadObjects(S3Settings settings, Storage storage, Path spool) {
        this.settings = settings;
        this.storage = storage;
        this.spool = spool;
        MinioAsyncClient.Builder builder = MinioAsyncClient.builder()
                .endpoint(settings.endpoint())
                .credentials(settings.accessKey(), settings.secretKey());
        if (settings.regionOrNull() != null) {
            builder.region(settings.regionOrNull());
        }
        S3HttpClients.forPlainHttp(settings.endpoint()).ifPresent(http -> builder.httpClient(http, true));
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
        String id = call(
                        "start the multipart upload of " + uploadId,
                        client.createMultipartUpload(CreateMultipartUploadArgs.builder()
                                .bucket(settings.bucket())
                                .object(StorageLayout.uploadSource(uploadId))
                                .build()))
                .result()
                .uploadId();
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
        return new S3PartWriter(
                uploadId, state, offset, length, calls(uploadId, state.multipartId()), storage, spool, PARTS_IN_FLIGHT);
    }

    @Override
    public void discard(String uploadId, UploadObjectState state) {
        if (state.multipartId() != null) {
            try {
                call(
                        "abort the multipart upload of " + uploadId,
                        client.abortMultipartUpload(AbortMultipartUploadArgs.builder()
                                .bucket(settings.bucket())
                                .object(StorageLayout.uploadSource(uploadId))
                                .uploadId(state.multipartId())
                                .build()));
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
                    ? ere.errorResponse().code() + ": " + ere.errorResponse().message()
                    : String.valueOf(cause);
            throw new StorageException("cannot " + what + ": " + detail, cause);
        } catch (TimeoutException e) {
            call.cancel(true);
            throw new StorageException("timed out: " + what, e);
        }
    }

    /** The multipart calls of one upload's writer (a test may stand between them and its writer). */
    S3PartWriter.Multipart calls(String uploadId, String multipartId) {
        return new UploadCalls(uploadId, multipartId);
    }

    private final class UploadCalls implements S3PartWriter.Multipart {
        private final String key;
        private final String multipartId;

        UploadCalls(String uploadId, String multipartId) {
            this.key = StorageLayout.uploadSource(uploadId);
            this.multipartId = multipartId;
        }

        @Override
        public CompletableFuture<String> uploadPart(int number, RandomAccessFile file, long size) {
            try {
                return client.uploadPart(UploadPartArgs.builder()
                                .bucket(settings.bucket())
                                .object(key)
                                .uploadId(multipartId)
                                .partNumber(number)
                                .file(file, size)
                                .headers(new Http.Headers(UNSIGNED_PAYLOAD))
                                .build())
                        .thenApply(answer -> answer.part().etag());
            } catch (Exception e) {
                throw new StorageException("cannot start part " + number + " of " + key, e);
            }
        }

        @Override
        public void complete(List<UploadObjectState.Part> parts) {
            Part[] all = parts.stream().map(p -> new Part(p.number(), p.etag())).toArray(Part[]::new);
            call(
                    "complete " + key,
                    client.completeMultipartUpload(CompleteMultipartUploadArgs.builder()
                            .bucket(settings.bucket())
                            .object(key)
                            .uploadId(multipartId)
                            .parts(all)
                            .build()));
        }

        @Override
        public <T> T await(String what, CompletableFuture<T> call) {
            return call(what, call);
        }
    }
}
