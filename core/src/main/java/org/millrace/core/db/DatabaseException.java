package org.millrace.core.db;

/** The database could not be started, reached or migrated. */
public final class DatabaseException extends RuntimeException {
    public DatabaseException(String message, Throwable cause) {
        super(message, cause);
    }
}
