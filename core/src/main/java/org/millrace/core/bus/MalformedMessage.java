package org.millrace.core.bus;

import java.util.Locale;

/**
 * A message record could not be read from its JSON: a required field is missing or a field has the wrong type. A
 * service endpoint answers it as a 400 {@code invalid_<field>} (the field in snake case), never as a fault of ours.
 */
public final class MalformedMessage extends IllegalArgumentException {
    private final String field;

    public MalformedMessage(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }

    /** The 400 a caller gets for it. */
    public ServiceException toServiceException() {
        return ServiceException.badRequest(
                "invalid_" + field.replaceAll("([A-Z])", "_$1").toLowerCase(Locale.ROOT), getMessage());
    }
}
