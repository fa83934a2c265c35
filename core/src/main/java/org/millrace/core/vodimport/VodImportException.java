package org.millrace.core.vodimport;

/**
 * An import that did not happen; {@code permanent} when the library refused this import's body and a retry cannot
 * help.
 */
public final class VodImportException extends RuntimeException {
    private final boolean permanent;

    public VodImportException(String message, boolean permanent) {
        super(message, null, false, false);
        this.permanent = permanent;
    }

    public boolean permanent() {
        return permanent;
    }
}
