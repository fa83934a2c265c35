package org.millrace.gateway.upload;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.OptionalLong;

/** The tus 1.0 headers this server speaks: the version, the extensions, and the number headers' grammar. */
final class TusProtocol {
    static final String VERSION = "1.0.0";
    static final String EXTENSIONS = "creation,termination,expiration";
    static final String OFFSET_OCTET_STREAM = "application/offset+octet-stream";

    private TusProtocol() {}

    /** Tus-Resumable goes on every answer of the upload routes. */
    static void resumable(HttpServerResponse response) {
        response.putHeader("Tus-Resumable", VERSION);
    }

    /** Whether the request speaks our version; OPTIONS needs not say. */
    static boolean speaksOurVersion(HttpServerRequest request) {
        return VERSION.equals(request.getHeader("Tus-Resumable"));
    }

    /** A tus number header: digits only (no sign, no spaces), at most 18 of them; empty when absent or not one. */
    static OptionalLong number(HttpServerRequest request, String header) {
        String value = request.getHeader(header);
        if (value == null || value.isEmpty() || value.length() > 18) {
            return OptionalLong.empty();
        }
        for (int i = 0; i < value.length(); i++) {
            if (value.charAt(i) < '0' || value.charAt(i) > '9') {
                return OptionalLong.empty();
            }
        }
        return OptionalLong.of(Long.parseLong(value));
    }

    /** Upload-Expires: an RFC 7231 date. */
    static String httpDate(Instant instant) {
        return DateTimeFormatter.RFC_1123_DATE_TIME.format(instant.atOffset(ZoneOffset.UTC));
    }
}
