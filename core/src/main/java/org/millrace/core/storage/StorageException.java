package org.millrace.core.storage;

/** Unchecked failure of a storage backend; the message names the key or prefix involved, never credentials. */
public class StorageException extends RuntimeException {

    public StorageException(String message) {
        super(message);
    }

    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
