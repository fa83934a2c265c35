package org.millrace.core.storage;

import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.GetObjectResponse;
import io.minio.GetPresignedObjectUrlArgs;
import io.minio.Http;
import io.minio.ListObjectsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.RemoveObjectsArgs;
import io.minio.Result;
import io.minio.StatObjectArgs;
import io.minio.StatObjectResponse;
import io.minio.UploadObjectArgs;
import io.minio.errors.ErrorResponseException;
import io.minio.errors.MinioException;
import io.minio.messages.DeleteRequest;
import io.minio.messages.DeleteResult;
import io.minio.messages.Item;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Storage in an S3-compatible bucket (AWS S3, MinIO, Ceph, ...) through the MinIO Java client. */
public final class S3Storage implements Storage {

    private static final Logger log = LoggerFactory.getLogger(S3Storage.class);

    /** Part size for uploads of unknown length; minio buffers one part in memory, S3 allows 10,000 parts. */
    static final long UNKNOWN_LENGTH_PART_SIZE = 10L * 1024 * 1024;

    static final int DEFAULT_LIST_PAGE_SIZE = 1000;
    /** SigV4 presigned URLs live at most seven days. */
    private static final Duration MAX_PRESIGN_TTL = Duration.ofDays(7);
    /** TCP connect to the endpoint. */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** Longest silence while reading or writing one call's bytes (not the whole transfer). */
    static final Duration IO_TIMEOUT = Duration.ofSeconds(60);

    private static final Set<String> MISSING_OBJECT_CODES = Set.of("NoSuchKey", "NoSuchObject", "NotFound");

    private final S3Settings settings;
    private final MinioClient client;
    private final int listPageSize;

    public S3Storage(S3Settings settings) {
        this(settings, DEFAULT_LIST_PAGE_SIZE);
    }

    /** With a custom list page size, so tests can exercise pagination with few objects. */
    S3Storage(S3Settings settings, int listPageSize) {
        this(settings, listPageSize, CONNECT_TIMEOUT, IO_TIMEOUT);
    }

    /**
     * With custom timeouts: an S3 that accepts connections and then never answers must fail a call within them (the
     * client's own default is 5 minutes), so a live uploader notices and keeps spooling.
     */
    S3Storage(S3Settings settings, int listPageSize, Duration connectTimeout, Duration ioTimeout) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.listPageSize = listPageSize;
        MinioClient.Builder builder = MinioClient.builder()
                .endpoint(settings.endpoint())
                .credentials(settings.accessKey(), settings.secretKey());
        if (settings.regionOrNull() != null) {
            builder.region(settings.regionOrNull());
        }
        S3HttpClients.forPlainHttp(settings.endpoint()).ifPresent(http -> builder.httpClient(http, true));
        try {
            this.client = builder.build();
            client.setTimeout(connectTimeout.toMillis(), ioTimeout.toMillis(), ioTimeout.toMillis());
        } catch (RuntimeException e) {
            throw new StorageException(
                    "invalid S3 settings for " + describeSettings(settings) + ": " + e.getMessage(), e);
        }
        try {
            ensureBucket();
        } catch (RuntimeException e) {
            closeClient();
            throw e;
        }
        log.info("S3 storage ready: {}", describe());
    }

    private void ensureBucket() {
        String bucket = settings.bucket();
        try {
            if (!client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
                client.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
                log.info("created S3 bucket {}", bucket);
            }
        } catch (ErrorResponseException e) {
            // Another instance may have created it between our check and our create.
            String code = e.errorResponse().code();
            if (!"BucketAlreadyOwnedByYou".equals(code) && !"BucketAlreadyExists".equals(code)) {
                throw failure("cannot create bucket " + bucket, e);
            }
        } catch (MinioException | RuntimeException e) {
            throw failure("cannot access bucket " + bucket + " at " + settings.endpoint(), e);
        }
    }

    @Override
    public void put(String key, Path file, String contentType) {
        StorageKeys.validate(key);
        try {
            client.uploadObject(UploadObjectArgs.builder()
                    .bucket(settings.bucket())
                    .object(key)
                    .filename(file.toString())
                    .contentType(MediaTypes.orForKey(contentType, key))
                    .build());
        } catch (MinioException | RuntimeException e) {
            if (!Files.isRegularFile(file)) {
                throw new StorageException("cannot put " + key + ": source file " + file + " is not readable", e);
            }
            throw failure("cannot put " + key, e);
        }
    }

    @Override
    public void put(String key, byte[] bytes, String contentType) {
        put(key, new ByteArrayInputStream(bytes), bytes.length, contentType);
    }

    @Override
    public void put(String key, InputStream in, long length, String contentType) {
        StorageKeys.validate(key);
        if (length < -1) {
            throw new IllegalArgumentException("length must be >= 0 or -1 (unknown): " + length);
        }
        try {
            long partSize = length < 0 ? UNKNOWN_LENGTH_PART_SIZE : -1;
            client.putObject(PutObjectArgs.builder().bucket(settings.bucket()).object(key).stream(in, length, partSize)
                    .contentType(MediaTypes.orForKey(contentType, key))
                    .build());
        } catch (MinioException | RuntimeException e) {
            throw failure("cannot put " + key, e);
        }
    }

    @Override
    public StorageObject get(String key) {
        return open(key, null);
    }

    @Override
    public StorageObject get(String key, ByteRange range) {
        return open(key, Objects.requireNonNull(range, "range"));
    }

    private StorageObject open(String key, ByteRange range) {
        StorageKeys.validate(key);
        if (range != null && range.length() == 0) {
            // S3 cannot express an empty range; answer it from metadata.
            return emptyRange(key, range);
        }
        GetObjectArgs.Builder args =
                GetObjectArgs.builder().bucket(settings.bucket()).object(key);
        if (range != null) {
            args.offset(range.offset());
            if (!range.toEnd()) {
                args.length(range.length());
            }
        }
        GetObjectResponse response;
        try {
            response = client.getObject(args.build());
        } catch (ErrorResponseException e) {
            String code = e.errorResponse().code();
            if (MISSING_OBJECT_CODES.contains(code)) {
                throw new StorageNotFoundException(key);
            }
            if ("InvalidRange".equals(code) && range != null) {
                return emptyRange(key, range);
            }
            throw failure("cannot get " + key, e);
        } catch (MinioException | RuntimeException e) {
            throw failure("cannot get " + key, e);
        }
        try {
            return toObject(key, range, response);
        } catch (RuntimeException e) {
            closeQuietly(response);
            throw e;
        }
    }

    private StorageObject toObject(String key, ByteRange requested, GetObjectResponse response) {
        okhttp3.Headers headers = response.headers();
        String contentType = Optional.ofNullable(headers.get("Content-Type")).orElse(MediaTypes.forKey(key));
        String etag = stripQuotes(headers.get("ETag"));
        Instant modified = parseHttpDate(headers.get("Last-Modified"));
        long contentLength = parseLong(headers.get("Content-Length"), -1);
        String contentRange = headers.get("Content-Range");
        if (requested == null) {
            return new StorageObject(
                    response, contentLength, contentLength, contentType, Optional.empty(), etag, modified);
        }
        if (contentRange != null) {
            // "bytes first-last/total"
            String spec = contentRange.substring(contentRange.indexOf(' ') + 1);
            int dash = spec.indexOf('-');
            int slash = spec.indexOf('/');
            long first = Long.parseLong(spec.substring(0, dash));
            long last = Long.parseLong(spec.substring(dash + 1, slash));
            long total = Long.parseLong(spec.substring(slash + 1));
            ByteRange served = ByteRange.of(first, last - first + 1);
            return new StorageObject(
                    response, served.length(), total, contentType, Optional.of(served), etag, modified);
        }
        // The server ignored the Range header and sent everything: cut the range out ourselves.
        ByteRange served = requested.resolve(contentLength);
        try {
            response.skipNBytes(served.offset());
        } catch (IOException e) {
            throw new StorageException("cannot read range of " + key, e);
        }
        return new StorageObject(
                new BoundedInputStream(response, served.length()),
                served.length(),
                contentLength,
                contentType,
                Optional.of(served),
                etag,
                modified);
    }

    /** A zero-length result: an empty range, or a range of an empty object (which S3 rejects as InvalidRange). */
    private StorageObject emptyRange(String key, ByteRange range) {
        ObjectInfo info = stat(key).orElseThrow(() -> new StorageNotFoundException(key));
        ByteRange served = range.resolve(info.size());
        if (served.length() != 0) {
            throw new StorageException(
                    "unexpected InvalidRange for " + key + " range " + range + " of size " + info.size());
        }
        return new StorageObject(
                InputStream.nullInputStream(),
                0,
                info.size(),
                info.contentType(),
                Optional.of(served),
                info.etag(),
                info.lastModified());
    }

    @Override
    public Optional<ObjectInfo> stat(String key) {
        StorageKeys.validate(key);
        try {
            StatObjectResponse r = client.statObject(StatObjectArgs.builder()
                    .bucket(settings.bucket())
                    .object(key)
                    .build());
            return Optional.of(new ObjectInfo(
                    key,
                    r.size(),
                    Optional.ofNullable(r.contentType()).orElse(MediaTypes.forKey(key)),
                    stripQuotes(r.etag()),
                    toInstant(r.lastModified())));
        } catch (ErrorResponseException e) {
            if (MISSING_OBJECT_CODES.contains(e.errorResponse().code())) {
                return Optional.empty();
            }
            throw failure("cannot stat " + key, e);
        } catch (MinioException | RuntimeException e) {
            throw failure("cannot stat " + key, e);
        }
    }

    /** Content types are not in S3 listings, so list derives them from the key; stat has the stored one. */
    @Override
    public List<ObjectInfo> list(String prefix) {
        StorageKeys.validatePrefix(prefix);
        List<ObjectInfo> found = new ArrayList<>();
        try {
            for (Result<Item> result : listing(prefix)) {
                Item item = result.get();
                if (item.isDir() || item.isDeleteMarker()) {
                    continue;
                }
                found.add(new ObjectInfo(
                        item.objectName(),
                        item.size(),
                        MediaTypes.forKey(item.objectName()),
                        stripQuotes(item.etag()),
                        toInstant(item.lastModified())));
            }
        } catch (MinioException | RuntimeException e) {
            throw failure("cannot list prefix '" + prefix + "'", e);
        }
        found.sort(Comparator.comparing(ObjectInfo::key));
        return found;
    }

    /** The minio iterable pages lazily with continuation tokens; recursive means no delimiter. */
    private Iterable<Result<Item>> listing(String prefix) {
        return client.listObjects(ListObjectsArgs.builder()
                .bucket(settings.bucket())
                .prefix(prefix)
                .recursive(true)
                .maxKeys(listPageSize)
                .build());
    }

    @Override
    public int deleteByPrefix(String prefix) {
        List<DeleteRequest.Object> targets = new ArrayList<>();
        for (ObjectInfo info : list(prefix)) {
            targets.add(new DeleteRequest.Object(info.key()));
        }
        if (targets.isEmpty()) {
            return 0;
        }
        // removeObjects is lazy: nothing is deleted until its error iterator is consumed to the end.
        Iterable<Result<DeleteResult.Error>> errors = client.removeObjects(RemoveObjectsArgs.builder()
                .bucket(settings.bucket())
                .objects(targets)
                .build());
        int failed = 0;
        String firstError = null;
        try {
            for (Result<DeleteResult.Error> result : errors) {
                DeleteResult.Error error = result.get();
                failed++;
                if (firstError == null) {
                    firstError = error.objectName() + ": " + error.code() + " " + error.message();
                }
            }
        } catch (MinioException | RuntimeException e) {
            throw failure("cannot delete prefix '" + prefix + "'", e);
        }
        if (failed > 0) {
            throw new StorageException("could not delete " + failed + " of " + targets.size()
                    + " objects under prefix '" + prefix + "', first: " + firstError);
        }
        return targets.size();
    }

    /** S3 deletes are idempotent and say nothing about existence, hence the stat first (racy, but only advisory). */
    @Override
    public boolean delete(String key) {
        if (stat(key).isEmpty()) {
            return false;
        }
        try {
            client.removeObject(RemoveObjectArgs.builder()
                    .bucket(settings.bucket())
                    .object(key)
                    .build());
            return true;
        } catch (MinioException | RuntimeException e) {
            throw failure("cannot delete " + key, e);
        }
    }

    @Override
    public Optional<URI> directUrl(String key, Duration ttl) {
        StorageKeys.validate(key);
        long seconds = Math.max(1, Math.min(ttl.toSeconds(), MAX_PRESIGN_TTL.toSeconds()));
        try {
            String url = client.getPresignedObjectUrl(GetPresignedObjectUrlArgs.builder()
                    .method(Http.Method.GET)
                    .bucket(settings.bucket())
                    .object(key)
                    .expiry((int) seconds, TimeUnit.SECONDS)
                    .build());
            return Optional.of(URI.create(url));
        } catch (MinioException | RuntimeException e) {
            throw failure("cannot presign " + key, e);
        }
    }

    @Override
    public void ping() {
        boolean exists;
        try {
            exists = client.bucketExists(
                    BucketExistsArgs.builder().bucket(settings.bucket()).build());
        } catch (MinioException | RuntimeException e) {
            throw failure("S3 bucket " + settings.bucket() + " at " + settings.endpoint() + " is unreachable", e);
        }
        if (!exists) {
            throw new StorageException(
                    "S3 bucket " + settings.bucket() + " at " + settings.endpoint() + " does not exist");
        }
    }

    @Override
    public String describe() {
        return describeSettings(settings);
    }

    @Override
    public void close() {
        closeClient();
    }

    @Override
    public String toString() {
        return describe();
    }

    private void closeClient() {
        try {
            client.close();
        } catch (Exception e) {
            log.debug("closing S3 client failed", e);
        }
    }

    private static String describeSettings(S3Settings s) {
        return "s3:" + s.endpoint() + "/" + s.bucket() + (s.regionOrNull() == null ? "" : " (" + s.region() + ")");
    }

    /** Wraps a client failure; minio messages carry the S3 error, never the secret key. */
    private static StorageException failure(String what, Exception e) {
        String detail = e instanceof ErrorResponseException ere && ere.errorResponse() != null
                ? ere.errorResponse().code() + ": " + ere.errorResponse().message()
                : e.toString();
        return new StorageException(what + ": " + detail, e);
    }

    private static String stripQuotes(String etag) {
        if (etag != null && etag.length() >= 2 && etag.startsWith("\"") && etag.endsWith("\"")) {
            return etag.substring(1, etag.length() - 1);
        }
        return etag;
    }

    private static Instant toInstant(ZonedDateTime time) {
        return time == null ? null : time.toInstant();
    }

    private static Instant parseHttpDate(String value) {
        if (value == null) {
            return null;
        }
        try {
            return ZonedDateTime.parse(value, java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME)
                    .toInstant();
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }

    private static long parseLong(String value, long fallback) {
        if (value == null) {
            return fallback;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException e) {
            log.debug("closing response failed", e);
        }
    }
}
