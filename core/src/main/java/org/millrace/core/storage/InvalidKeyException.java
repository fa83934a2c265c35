package org.millrace.core.storage;

/** Thrown when a key or prefix is malformed or would escape the storage namespace. */
public class InvalidKeyException extends StorageException {

    public InvalidKeyException(String message) {
        super(message);
    }
}
