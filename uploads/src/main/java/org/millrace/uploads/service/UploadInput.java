package org.millrace.uploads.service;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.millrace.core.bus.ServiceException;
import org.millrace.core.bus.TextFields;
import org.millrace.core.bus.UploadCreate;

/** Checks what a client may say about its upload: each field's bounds, with a 400 naming the field. */
final class UploadInput {
    static final int MAX_FILENAME = 255;
    static final int MAX_TITLE = 200;
    static final int MAX_DESCRIPTION = 5000;
    static final int MAX_TAGS = 20;
    static final int MAX_TAG = 40;
    private static final Pattern TAG = Pattern.compile("[a-z0-9-]{1," + MAX_TAG + "}");
    private static final Set<String> VISIBILITIES = Set.of("public", "unlisted", "private");

    private UploadInput() {}

    static UploadCreate check(UploadCreate create, long maxBytes) {
        if (create.length() > maxBytes) {
            throw new ServiceException(
                    413,
                    "upload_too_large",
                    "the upload is " + create.length() + " bytes; the largest accepted is " + maxBytes);
        }
        String filename = text("filename", create.filename(), MAX_FILENAME, true);
        String title = TextFields.title(create.title(), MAX_TITLE).strip();
        String description = TextFields.description(create.description(), MAX_DESCRIPTION);
        if (create.visibility() == null || !VISIBILITIES.contains(create.visibility())) {
            throw ServiceException.badRequest("invalid_visibility", "visibility must be public, unlisted or private");
        }
        if (create.tags().size() > MAX_TAGS) {
            throw ServiceException.badRequest("invalid_tags", "at most " + MAX_TAGS + " tags");
        }
        // The library's own tag rule (lower-case letters, digits, '-'), checked now rather than at import, when the
        // bytes are uploaded and transcoded and a tag would fail the whole video.
        List<String> tags = create.tags().stream()
                .map(t -> t == null ? "" : t.strip().toLowerCase(Locale.ROOT))
                .distinct()
                .toList();
        if (!tags.stream().allMatch(t -> TAG.matcher(t).matches())) {
            throw ServiceException.badRequest("invalid_tags", "tags are 1 to " + MAX_TAG + " of a-z, 0-9 and -");
        }
        return new UploadCreate(
                create.ownerId(),
                create.ownerUsername(),
                filename,
                title,
                description,
                tags,
                create.visibility(),
                create.length());
    }

    private static String text(String field, String value, int max, boolean required) {
        String v = value == null ? "" : value.strip();
        if (required && v.isEmpty()) {
            throw ServiceException.badRequest("invalid_" + field, field + " is required");
        }
        if (v.length() > max) {
            throw ServiceException.badRequest("invalid_" + field, field + " is longer than " + max + " characters");
        }
        boolean multiline = "description".equals(field);
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if ((c < 0x20 && !(multiline && (c == '\n' || c == '\t'))) || c == 0x7f) {
                throw ServiceException.badRequest("invalid_" + field, field + " holds a control character");
            }
        }
        return v;
    }
}
