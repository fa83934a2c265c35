package org.millrace.core.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Secrets that were not configured are generated once and kept under {@code <data dir>/secrets}, readable by
 * the owner only, so a restart keeps sessions and keys valid and no secret ever has a fixed default.
 */
public final class SecretStore {
    private final Path dir;
    private final SecureRandom random;

    public SecretStore(Path dataDir, SecureRandom random) {
        this.dir = dataDir.resolve("secrets");
        this.random = random;
    }

    /** The secret named {@code name}: read if present, otherwise {@code bytes} random bytes, URL-safe base64. */
    public String getOrCreate(String name, int bytes) {
        Path file = dir.resolve(name);
        try {
            if (Files.exists(file)) {
                return read(file);
            }
            Files.createDirectories(dir);
            restrict(dir, "rwx------");
            byte[] raw = new byte[bytes];
            random.nextBytes(raw);
            String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
            try {
                Files.writeString(
                        file,
                        secret,
                        StandardCharsets.US_ASCII,
                        StandardOpenOption.CREATE_NEW,
                        StandardOpenOption.WRITE);
                restrict(file, "rw-------");
                return secret;
            } catch (FileAlreadyExistsException raced) {
                // Another process of the same deployment created it first: use theirs.
                return read(file);
            }
        } catch (IOException e) {
            throw new ConfigException("cannot read or create the secret file " + file, e);
        }
    }

    private static String read(Path file) throws IOException {
        String secret = Files.readString(file, StandardCharsets.US_ASCII).strip();
        if (secret.isEmpty()) {
            throw new ConfigException("secret file " + file + " is empty; delete it to generate a new one");
        }
        return secret;
    }

    private static void restrict(Path path, String perms) {
        try {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(perms));
        } catch (UnsupportedOperationException | IOException ignored) {
            // Not a POSIX file system: nothing stricter to ask for.
        }
    }
}
