package org.millrace.core.storage.upload;

import java.nio.file.Path;
import org.millrace.core.config.MillraceConfig;
import org.millrace.core.storage.LocalStorage;
import org.millrace.core.storage.S3Storage;
import org.millrace.core.storage.Storage;

/**
 * Where an upload's bytes go while it is unfinished, and how it becomes the {@code uploads/<id>/source} object:
 * S3 multipart on S3/MinIO, a growing file on the local store. Blocking: call from worker threads.
 */
public interface UploadObjects extends AutoCloseable {

    /** Starts an upload's object; the state to keep with the upload. */
    UploadObjectState begin(String uploadId);

    /**
     * A writer continuing the upload whose durable length is {@code offset} of {@code length}, described by
     * {@code state}; bytes stored past {@code offset} (written but never recorded) are ignored and overwritten.
     */
    UploadWriter resume(String uploadId, UploadObjectState state, long offset, long length);

    /** Deletes everything stored for the upload (the file, the multipart upload, its pieces, the source). */
    void discard(String uploadId, UploadObjectState state);

    @Override
    void close();

    /**
     * The upload objects of the configured storage.
     *
     * @param spool a directory of the local disk for S3's part buffers (one part per upload being written)
     */
    static UploadObjects of(MillraceConfig config, Storage storage, Path spool) {
        if (storage instanceof LocalStorage local) {
            return new LocalUploadObjects(local);
        }
        if (storage instanceof S3Storage && config.s3().isPresent()) {
            return new S3UploadObjects(config.s3().get(), storage, spool);
        }
        throw new IllegalArgumentException("no upload objects for storage " + storage.describe());
    }

    /**
     * The size of the multipart parts of an upload of {@code length} bytes: 8 MiB (S3 wants at least 5 MiB for
     * every part but the last), larger for uploads that would need more than S3's 10,000 parts. Also how often
     * the local store makes progress durable.
     */
    static long partSize(long length) {
        long min = 8L << 20;
        long needed = (length + 9_999) / 10_000;
        long mib = 1L << 20;
        return Math.max(min, (needed + mib - 1) / mib * mib);
    }
}
