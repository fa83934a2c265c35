package org.millrace.core.storage;

/** Thrown when a key that must exist (for example on get) does not. */
public class StorageNotFoundException extends StorageException {

    private final String key;

    public StorageNotFoundException(String key) {
        super("object not found: " + key);
        this.key = key;
    }

    public String key() {
        return key;
    }
}
