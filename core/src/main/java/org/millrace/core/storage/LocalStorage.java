package org.millrace.core.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Storage in a local directory: the object with key {@code k} is the file {@code <root>/k}.
 *
 * <p>Writes go to a {@code .tmp-} file in the target directory and are renamed into place, so a reader sees
 * either the old or the new object, never a partial one. Content types are not persisted; they come from
 * the key's extension.
 */
public final class LocalStorage implements Storage {

    private static final Logger log = LoggerFactory.getLogger(LocalStorage.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    /** A put can race with deleteByPrefix pruning the directory it just created; a few retries settle it. */
    private static final int DIRECTORY_RACE_ATTEMPTS = 5;

    private final Path root;
    private final Path realRoot;

    public LocalStorage(Path root) {
        this.root = root.toAbsolutePath().normalize();
        try {
            Files.createDirectories(this.root);
            this.realRoot = this.root.toRealPath();
        } catch (IOException e) {
            throw new StorageException("cannot create storage root " + this.root, e);
        }
    }

    public Path root() {
        return root;
    }

    @Override
    public void put(String key, Path file, String contentType) {
        writeAtomically(key, out -> Files.copy(file, out));
    }

    @Override
    public void put(String key, byte[] bytes, String contentType) {
        writeAtomically(key, out -> out.write(bytes));
    }

    @Override
    public void put(String key, InputStream in, long length, String contentType) {
        if (length < -1) {
            throw new IllegalArgumentException("length must be >= 0 or -1 (unknown): " + length);
        }
        writeAtomically(key, out -> {
            long copied = in.transferTo(out);
            if (length >= 0 && copied != length) {
                throw new IOException("stream for " + key + " had " + copied + " bytes, expected " + length);
            }
        });
    }

    @Override
    public StorageObject get(String key) {
        return open(key, null);
    }

    @Override
    public StorageObject get(String key, ByteRange range) {
        return open(key, Objects.requireNonNull(range, "range"));
    }

    @Override
    public Optional<ObjectInfo> stat(String key) {
        Path path = resolve(key);
        try {
            BasicFileAttributes attrs = Files.readAttributes(path, BasicFileAttributes.class);
            if (!attrs.isRegularFile() || !insideRoot(path.toRealPath())) {
                return Optional.empty();
            }
            return Optional.of(info(key, attrs));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new StorageException("cannot stat " + key, e);
        }
    }

    @Override
    public List<ObjectInfo> list(String prefix) {
        StorageKeys.validatePrefix(prefix);
        // Walk only the deepest directory the prefix names; "live/a" must still match "live/a2/..".
        int slash = prefix.lastIndexOf('/');
        Path start = slash < 0 ? root : root.resolve(prefix.substring(0, slash));
        List<ObjectInfo> found = new ArrayList<>();
        if (!Files.isDirectory(start) || !insideRoot(start)) {
            requireNothingInTheWay(start, prefix);
            return found;
        }
        try {
            Files.walkFileTree(start, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (attrs.isRegularFile() && !isTemp(file)) {
                        String key = keyOf(file);
                        if (key.startsWith(prefix)) {
                            found.add(info(key, attrs));
                        }
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                    // Concurrent deletes make entries vanish mid-walk; that is not an error for a listing.
                    if (e instanceof NoSuchFileException) {
                        return FileVisitResult.CONTINUE;
                    }
                    throw e;
                }
            });
        } catch (IOException e) {
            throw new StorageException("cannot list prefix '" + prefix + "'", e);
        }
        found.sort(Comparator.comparing(ObjectInfo::key));
        return found;
    }

    /**
     * An empty listing must mean nothing is there, not that the tree is unusable: a file where a directory of the
     * prefix should be (a broken or replaced mount) is a storage failure, as S3 being down is.
     */
    private void requireNothingInTheWay(Path start, String prefix) {
        for (Path p = start; p != null && p.startsWith(root); p = p.getParent()) {
            if (Files.isDirectory(p)) {
                return;
            }
            if (Files.exists(p, LinkOption.NOFOLLOW_LINKS) && !Files.isSymbolicLink(p)) {
                throw new StorageException(
                        "cannot list prefix '" + prefix + "': " + root.relativize(p) + " is not a directory", null);
            }
        }
    }

    @Override
    public int deleteByPrefix(String prefix) {
        int deleted = 0;
        for (ObjectInfo info : list(prefix)) {
            if (delete(info.key())) {
                deleted++;
            }
        }
        return deleted;
    }

    @Override
    public boolean delete(String key) {
        Path path = resolve(key);
        try {
            if (Files.isDirectory(path) || !insideRoot(path.getParent())) {
                return false;
            }
            boolean existed = Files.deleteIfExists(path);
            if (existed) {
                pruneEmptyParents(path.getParent());
            }
            return existed;
        } catch (IOException e) {
            throw new StorageException("cannot delete " + key, e);
        }
    }

    @Override
    public Optional<URI> directUrl(String key, Duration ttl) {
        StorageKeys.validate(key);
        return Optional.empty();
    }

    @Override
    public void ping() {
        if (!Files.isDirectory(root)) {
            throw new StorageException("storage root " + root + " does not exist or is not a directory");
        }
        if (!Files.isWritable(root)) {
            throw new StorageException("storage root " + root + " is not writable");
        }
    }

    @Override
    public String describe() {
        return "local:" + root;
    }

    @Override
    public void close() {
        // Nothing is held open between calls.
    }

    @Override
    public String toString() {
        return describe();
    }

    /** Body of a write: fills the temporary file. */
    @FunctionalInterface
    private interface Writer {
        void writeTo(OutputStream out) throws IOException;
    }

    private void writeAtomically(String key, Writer writer) {
        Path target = resolve(key);
        Path dir = target.getParent();
        Path temp = null;
        try {
            temp = createTemp(key, dir);
            try (OutputStream out = Files.newOutputStream(temp, StandardOpenOption.WRITE)) {
                writer.writeTo(out);
            }
            // No fsync: readers need atomic visibility, not crash durability, and segments are re-creatable.
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            temp = null;
        } catch (IOException e) {
            throw new StorageException("cannot write " + key + ": " + e.getMessage(), e);
        } finally {
            if (temp != null) {
                deleteQuietly(temp);
            }
        }
    }

    /** Creates directories and an empty temp file next to the target, re-checking containment after mkdir. */
    private Path createTemp(String key, Path dir) throws IOException {
        for (int attempt = 1; ; attempt++) {
            try {
                Files.createDirectories(dir);
                if (!insideRoot(dir.toRealPath())) {
                    throw new InvalidKeyException("storage key '" + key + "' resolves outside the storage root");
                }
                Path temp = dir.resolve(StorageKeys.RESERVED_SEGMENT_PREFIX + randomSuffix());
                return Files.createFile(temp);
            } catch (NoSuchFileException e) {
                if (attempt >= DIRECTORY_RACE_ATTEMPTS) {
                    throw e;
                }
                log.debug("directory for {} vanished while writing, retrying", key);
            }
        }
    }

    private StorageObject open(String key, ByteRange range) {
        Path path = resolve(key);
        FileChannel channel = null;
        try {
            channel = FileChannel.open(path, StandardOpenOption.READ);
            if (!insideRoot(path.toRealPath())) {
                throw new InvalidKeyException("storage key '" + key + "' resolves outside the storage root");
            }
            // The open channel pins the inode, so size comes from it; attributes from the path may belong to a
            // newer version if a writer renamed in between, which only affects etag/mtime, not the bytes.
            long size = channel.size();
            BasicFileAttributes attrs = Files.readAttributes(path, BasicFileAttributes.class);
            if (attrs.isDirectory()) {
                throw new StorageNotFoundException(key);
            }
            String etag = etag(size, attrs);
            Instant modified = attrs.lastModifiedTime().toInstant();
            String type = MediaTypes.forKey(key);
            StorageObject object;
            if (range == null) {
                object = new StorageObject(
                        new FileBody(channel, 0, size), size, size, type, Optional.empty(), etag, modified);
            } else {
                ByteRange served = range.resolve(size);
                object = new StorageObject(
                        new FileBody(channel, served.offset(), served.length()),
                        served.length(),
                        size,
                        type,
                        Optional.of(served),
                        etag,
                        modified);
            }
            channel = null;
            return object;
        } catch (NoSuchFileException e) {
            throw new StorageNotFoundException(key);
        } catch (IOException e) {
            if (path.toFile().isDirectory()) {
                throw new StorageNotFoundException(key);
            }
            throw new StorageException("cannot read " + key, e);
        } finally {
            if (channel != null) {
                closeQuietly(channel);
            }
        }
    }

    /** Maps a validated key to its file, refusing anything that would land outside the root. */
    private Path resolve(String key) {
        StorageKeys.validate(key);
        Path path = root.resolve(key).normalize();
        if (!path.startsWith(root) || path.equals(root)) {
            throw new InvalidKeyException("storage key '" + key + "' resolves outside the storage root");
        }
        return path;
    }

    /** Symlinks inside the root could point anywhere; real paths must stay under the real root. */
    private boolean insideRoot(Path path) {
        try {
            return path.toRealPath().startsWith(realRoot);
        } catch (IOException e) {
            return false;
        }
    }

    private void pruneEmptyParents(Path dir) {
        Path current = dir;
        while (current != null && current.startsWith(root) && !current.equals(root)) {
            try {
                Files.delete(current);
            } catch (DirectoryNotEmptyException | NoSuchFileException e) {
                return;
            } catch (IOException e) {
                log.debug("cannot prune directory {}: {}", current, e.toString());
                return;
            }
            current = current.getParent();
        }
    }

    private String keyOf(Path file) {
        return root.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
    }

    private static boolean isTemp(Path file) {
        return file.getFileName().toString().startsWith(StorageKeys.RESERVED_SEGMENT_PREFIX);
    }

    private static ObjectInfo info(String key, BasicFileAttributes attrs) {
        return new ObjectInfo(
                key,
                attrs.size(),
                MediaTypes.forKey(key),
                etag(attrs.size(), attrs),
                attrs.lastModifiedTime().toInstant());
    }

    private static String etag(long size, BasicFileAttributes attrs) {
        Instant t = attrs.lastModifiedTime().toInstant();
        return Long.toHexString(size) + "-" + Long.toHexString(t.getEpochSecond()) + Integer.toHexString(t.getNano());
    }

    private static String randomSuffix() {
        byte[] bytes = new byte[8];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            log.warn("cannot remove temporary file {}: {}", path, e.toString());
        }
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            log.debug("closing channel failed", e);
        }
    }
}
