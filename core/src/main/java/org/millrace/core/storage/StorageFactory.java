package org.millrace.core.storage;

import org.millrace.core.config.MillraceConfig;

/** Picks the storage the configuration asks for: S3 when an endpoint is set, else a directory under the data dir. */
public final class StorageFactory {
    private StorageFactory() {}

    public static Storage create(MillraceConfig config) {
        return config.s3()
                .<Storage>map(S3Storage::new)
                .orElseGet(() -> new LocalStorage(config.storageRoot().resolve(config.storageBucket())));
    }
}
