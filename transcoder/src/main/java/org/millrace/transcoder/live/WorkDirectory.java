package org.millrace.transcoder.live;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A pipeline's temp directory (encoder output, the upload spool's files, an upload's job), removed when it ends. */
public final class WorkDirectory {
    private static final Logger LOG = LoggerFactory.getLogger(WorkDirectory.class);

    private WorkDirectory() {}

    public static void delete(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.warn("could not remove work directory {}: {}", dir, e.toString());
        }
    }
}
