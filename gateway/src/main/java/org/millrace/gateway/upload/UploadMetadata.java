package org.millrace.gateway.upload;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.millrace.core.bus.ServiceException;

/**
 * The tus {@code Upload-Metadata} header: comma-separated {@code key base64(value)} pairs. Keys are unique ASCII
 * words; values must be UTF-8. What a video needs: {@code filename}, {@code title}, {@code visibility}, and
 * optionally {@code description} and {@code tags} (comma-separated).
 */
final class UploadMetadata {
    private static final int MAX_PAIRS = 32;
    private final Map<String, String> values;

    private UploadMetadata(Map<String, String> values) {
        this.values = values;
    }

    static UploadMetadata parse(String header) {
        Map<String, String> values = new HashMap<>();
        if (header == null || header.isBlank()) {
            return new UploadMetadata(values);
        }
        String[] pairs = header.split(",", -1);
        if (pairs.length > MAX_PAIRS) {
            throw invalid("at most " + MAX_PAIRS + " metadata pairs");
        }
        for (String pair : pairs) {
            String[] kv = pair.strip().split(" ", -1);
            if (kv.length < 1 || kv.length > 2 || kv[0].isEmpty() || !kv[0].matches("[A-Za-z0-9_.-]{1,64}")) {
                throw invalid("each pair must be 'key base64value'");
            }
            if (values.containsKey(kv[0])) {
                throw invalid("the key '" + kv[0] + "' is given twice");
            }
            values.put(kv[0], kv.length == 2 ? decode(kv[0], kv[1]) : "");
        }
        return new UploadMetadata(values);
    }

    private static String decode(String key, String base64) {
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw invalid("the value of '" + key + "' is not base64");
        }
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(raw))
                    .toString();
        } catch (CharacterCodingException e) {
            throw invalid("the value of '" + key + "' is not UTF-8");
        }
    }

    Optional<String> get(String key) {
        return Optional.ofNullable(values.get(key));
    }

    String require(String key) {
        return get(key).filter(v -> !v.isBlank())
                .orElseThrow(() -> ServiceException.badRequest(
                        "missing_metadata",
                        "Upload-Metadata must give '" + key + "' (filename, title and visibility are required)"));
    }

    List<String> tags() {
        return get("tags")
                .map(t -> java.util.Arrays.stream(t.split(","))
                        .map(String::strip)
                        .filter(s -> !s.isEmpty())
                        .toList())
                .orElse(List.of());
    }

    private static ServiceException invalid(String why) {
        return ServiceException.badRequest("invalid_metadata", "Upload-Metadata is malformed: " + why);
    }
}
