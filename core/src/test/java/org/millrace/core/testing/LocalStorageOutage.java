package org.millrace.core.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Makes a directory of a local storage unusable, even for root (tests run as root, so permissions would not do):
 * the directory is moved aside and a plain file takes its name, so every write below it fails as it would on a
 * vanished or read-only mount (reads fail too, as with S3 down). {@link #restore()} puts the directory back.
 */
public final class LocalStorageOutage implements AutoCloseable {
    private final Path dir;
    private final Path aside;
    private boolean broken;

    public LocalStorageOutage(Path dir) {
        this.dir = dir;
        this.aside = dir.resolveSibling(dir.getFileName() + ".outage");
    }

    public synchronized void begin() throws IOException {
        if (broken) {
            return;
        }
        Files.createDirectories(dir);
        Files.move(dir, aside);
        Files.writeString(dir, "storage is down\n");
        broken = true;
    }

    public synchronized void restore() throws IOException {
        if (!broken) {
            return;
        }
        Files.delete(dir);
        Files.move(aside, dir);
        broken = false;
    }

    @Override
    public void close() throws IOException {
        restore();
    }
}
