package org.millrace.streams;

import io.vertx.core.json.JsonObject;
import java.util.Optional;
import org.millrace.core.bus.ServiceException;
import org.millrace.core.bus.TextFields;

/**
 * Checks the user-supplied fields of a stream against the contract's limits, answering 400 with a field-specific
 * code. Strings are kept as given (no trimming or escaping); the database takes them as parameters.
 */
public final class StreamInput {
    public static final int MAX_TITLE = 120;
    public static final int MAX_DESCRIPTION = 2000;
    /** libsrt accepts passphrases of 10 to 79 characters. */
    public static final int MIN_PASSPHRASE = 10;

    public static final int MAX_PASSPHRASE = 79;

    private StreamInput() {}

    public static String title(JsonObject body) {
        return TextFields.title(body.getValue("title"), MAX_TITLE);
    }

    /** The description, "" when absent or null. */
    public static String description(JsonObject body) {
        return TextFields.description(body.getValue("description"), MAX_DESCRIPTION);
    }

    /**
     * Characters that need no percent-encoding in the srtUrl's query: libsrt callers (ffmpeg 5, OBS) take the value
     * as written, so a passphrase with a space or {@code &} could not be pasted as a URL and work.
     */
    private static final java.util.regex.Pattern PASSPHRASE_CHARS = java.util.regex.Pattern.compile("[A-Za-z0-9._~-]+");

    /** The passphrase, empty when absent or null (no encryption). */
    public static Optional<String> passphrase(JsonObject body) {
        Object value = body.getValue("passphrase");
        if (value == null) {
            return Optional.empty();
        }
        if (!(value instanceof String passphrase)
                || passphrase.length() < MIN_PASSPHRASE
                || passphrase.length() > MAX_PASSPHRASE
                || !PASSPHRASE_CHARS.matcher(passphrase).matches()) {
            throw ServiceException.badRequest(
                    "invalid_passphrase",
                    "passphrase must be " + MIN_PASSPHRASE + " to " + MAX_PASSPHRASE
                            + " characters (SRT's limits) of letters, digits and - . _ ~");
        }
        return Optional.of(passphrase);
    }

    /** The visibilities a recorded video may get (those of the vod service). */
    public static final java.util.Set<String> RECORDING_VISIBILITIES =
            java.util.Set.of("public", "unlisted", "private");

    public static final String DEFAULT_RECORDING_VISIBILITY = "public";

    /** The recordingVisibility field, {@code fallback} when absent (null counts as absent). */
    public static String recordingVisibility(JsonObject body, String fallback) {
        Object value = body.getValue("recordingVisibility");
        if (value == null) {
            return fallback;
        }
        if (!(value instanceof String visibility) || !RECORDING_VISIBILITIES.contains(visibility)) {
            throw ServiceException.badRequest(
                    "invalid_visibility", "recordingVisibility must be public, unlisted or private");
        }
        return visibility;
    }

    public static boolean disabled(JsonObject body) {
        Object value = body.getValue("disabled");
        if (!(value instanceof Boolean disabled)) {
            throw ServiceException.badRequest("invalid_disabled", "disabled must be true or false");
        }
        return disabled;
    }
}
