package org.millrace.core.storage.upload;

import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Appends one request's bytes to an upload's stored bytes. Blocking: call from one worker thread at a time.
 * Nothing written counts until a checkpoint says it is durable; a writer abandoned without {@link #flush()} loses
 * only what came after its last checkpoint.
 */
public interface UploadWriter extends AutoCloseable {

    /** Appends all of {@code bytes}; a checkpoint when this made more bytes durable (a part filled). */
    Optional<UploadCheckpoint> write(ByteBuffer bytes);

    /**
     * The bytes on their way to storage whose acknowledgement makes the next checkpoint, or null when none are: once
     * it completes, a {@link #write} of nothing answers that checkpoint (a stalled request need not wait for more
     * bytes to have its progress recorded).
     */
    default CompletableFuture<?> inFlight() {
        return null;
    }

    /** Makes everything written durable (completing the object when it is all there); the checkpoint reached. */
    UploadCheckpoint flush();

    /** The checkpoint was recorded: storage left behind by it (pieces now inside a part) may go. Best effort. */
    void committed(UploadCheckpoint checkpoint);

    /** Releases local resources (the part buffer); stored bytes stay. */
    @Override
    void close();
}
