package org.millrace.recorder.media;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A recorder's scratch space under a directory that several recorder processes on one host may share: each builder
 * works in its own {@code run-<uuid>} directory, held by an OS file lock ({@code run-<uuid>.lock}) as long as its
 * process lives. Only directories whose lock is free (their process died) are removed as leftovers, never the work
 * of a live recorder.
 */
final class WorkDirs {
    private static final Logger LOG = LoggerFactory.getLogger(WorkDirs.class);
    private static final String RUN = "run-";
    private static final String LOCK = ".lock";
    /** Held while a run directory is being made or leftovers removed, so a cleaner never sees a half-made one. */
    private static final String GUARD = "recorder-dirs.lock";

    private final Path root;
    private Path runDir;
    private FileChannel runLockChannel;

    WorkDirs(Path root) {
        this.root = root;
    }

    /** This builder's own directory, made (and locked) on first use. */
    synchronized Path runDir() throws IOException {
        if (runDir == null) {
            Files.createDirectories(root);
            String name = RUN + UUID.randomUUID();
            guarded(() -> {
                FileChannel channel = FileChannel.open(
                        root.resolve(name + LOCK), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                if (channel.tryLock() == null) {
                    channel.close();
                    throw new IOException("could not lock " + root.resolve(name + LOCK));
                }
                runLockChannel = channel;
                runDir = Files.createDirectories(root.resolve(name));
                return null;
            });
        }
        return runDir;
    }

    /**
     * Deletes what recorders that died left behind: run directories whose lock is free, and work directories of the
     * layout before run directories ({@code rec-*} at the top). Answers how many directories were removed.
     */
    int removeLeftovers() {
        if (!Files.isDirectory(root)) {
            return 0;
        }
        try {
            return guarded(this::removeUnlocked);
        } catch (IOException e) {
            LOG.warn("could not clean up {}: {}", root, e.toString());
            return 0;
        }
    }

    private int removeUnlocked() throws IOException {
        List<Path> entries;
        try (Stream<Path> list = Files.list(root)) {
            entries = list.toList();
        }
        int removed = 0;
        for (Path entry : entries) {
            String name = entry.getFileName().toString();
            if (name.startsWith("rec-") && Files.isDirectory(entry)) {
                deleteTree(entry);
                removed++;
            } else if (name.startsWith(RUN)
                    && Files.isDirectory(entry)
                    && !entry.equals(runDir)
                    && abandoned(root.resolve(name + LOCK))) {
                deleteTree(entry);
                Files.deleteIfExists(root.resolve(name + LOCK));
                removed++;
            } else if (name.startsWith(RUN)
                    && name.endsWith(LOCK)
                    && !Files.exists(root.resolve(name.substring(0, name.length() - LOCK.length())))
                    && abandoned(entry)) {
                Files.deleteIfExists(entry);
            }
        }
        return removed;
    }

    /** Whether nobody holds the lock file (its process died); a missing one means the directory was never made. */
    private static boolean abandoned(Path lockFile) throws IOException {
        if (!Files.exists(lockFile)) {
            return true;
        }
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
            FileLock lock = channel.tryLock();
            if (lock == null) {
                return false; // another process holds it
            }
            lock.release();
            return true;
        } catch (OverlappingFileLockException heldHere) {
            return false; // another builder of this process holds it
        }
    }

    private interface Step<T> {
        T run() throws IOException;
    }

    /** Runs a step under the directory's guard lock: across processes by the file lock, within this one by the class. */
    private <T> T guarded(Step<T> step) throws IOException {
        synchronized (WorkDirs.class) {
            Files.createDirectories(root);
            try (FileChannel channel =
                            FileChannel.open(root.resolve(GUARD), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    FileLock lock = channel.lock()) {
                return step.run();
            }
        }
    }

    static void deleteTree(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    LOG.debug("could not delete {}: {}", p, e.toString());
                }
            });
        } catch (IOException e) {
            LOG.warn("could not clean up {}: {}", dir, e.toString());
        }
    }
}
