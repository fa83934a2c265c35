package org.millrace.uploads.service;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.millrace.core.bus.ServiceException;

/** The opaque {@code nextCursor} of the upload list: base64 of the last row's position ({@code seq}). */
public final class UploadCursor {
    private UploadCursor() {
    }

    public static String encode(long seq) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(("u:" + seq).getBytes(StandardCharsets.UTF_8));
    }

    public static long decode(String cursor) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (text.startsWith("u:")) {
                return Long.parseLong(text.substring(2));
            }
        } catch (IllegalArgumentException notOurs) {
            // reported below (NumberFormatException is an IllegalArgumentException)
        }
        throw ServiceException.badRequest("invalid_cursor", "cursor is not one this API answered");
    }
}
