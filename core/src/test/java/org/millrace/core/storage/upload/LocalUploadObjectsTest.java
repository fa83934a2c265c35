package org.millrace.core.storage.upload;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.millrace.core.storage.LocalStorage;
import org.millrace.core.storage.StorageLayout;

/**
 * {@link LocalUploadObjects} on a real directory: a full part's force runs while the next bytes are appended, its
 * checkpoint comes only once the force is done (with the next write, or a write of nothing), the end of a request
 * makes everything durable, and a resume cuts bytes that were written but never recorded.
 */
class LocalUploadObjectsTest {
    private static final int MIB = 1 << 20;

    @TempDir
    Path root;

    @Test
    void aPartIsForcedWhileTheNextBytesArriveAndCountsOnceForced() throws Exception {
        LocalStorage storage = new LocalStorage(root);
        LocalUploadObjects objects = new LocalUploadObjects(storage);
        byte[] file = new byte[20 * MIB];
        new Random(3).nextBytes(file);
        objects.begin("u1");
        UploadWriter writer = objects.resume("u1", UploadObjectState.EMPTY, 0, file.length);

        for (int mib = 0; mib < 8; mib++) {
            assertThat(writer.write(ByteBuffer.wrap(file, mib * MIB, MIB)))
                    .as("nothing counts before a part is forced")
                    .isEmpty();
        }
        var force = writer.inFlight();
        assertThat(force).as("the first part's force, started by its last byte").isNotNull();
        force.get(10, TimeUnit.SECONDS);
        Optional<UploadCheckpoint> first = writer.write(ByteBuffer.allocate(0));
        assertThat(first).hasValue(new UploadCheckpoint(8L * MIB, UploadObjectState.EMPTY, false));
        assertThat(writer.write(ByteBuffer.allocate(0)))
                .as("a checkpoint comes once")
                .isEmpty();

        for (int mib = 8; mib < 19; mib++) {
            writer.write(ByteBuffer.wrap(file, mib * MIB, MIB));
        }
        // The end of the request: whatever force is under way, then the rest.
        assertThat(writer.flush()).isEqualTo(new UploadCheckpoint(19L * MIB, UploadObjectState.EMPTY, false));
        writer.close();
        Path stored = root.resolve(StorageLayout.uploadSource("u1"));
        assertThat(Files.size(stored)).isEqualTo(19L * MIB);

        // A resume from an older recorded offset cuts what came after it; the rest completes the file.
        UploadWriter again = objects.resume("u1", UploadObjectState.EMPTY, 16L * MIB, file.length);
        assertThat(Files.size(stored)).isEqualTo(16L * MIB);
        again.write(ByteBuffer.wrap(file, 16 * MIB, 4 * MIB));
        assertThat(again.flush()).isEqualTo(new UploadCheckpoint(file.length, UploadObjectState.EMPTY, true));
        again.close();
        assertThat(Arrays.equals(Files.readAllBytes(stored), file)).isTrue();
        objects.close();
    }
}
