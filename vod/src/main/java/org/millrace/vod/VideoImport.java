package org.millrace.vod;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.regex.Pattern;

import org.millrace.core.bus.ServiceException;
import org.millrace.core.storage.InvalidKeyException;
import org.millrace.core.storage.StorageKeys;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The recorder's import body, checked: a malformed field is a 400, storage keys that do not belong to the recording
 * (or an HLS prefix that is not a live session's) a 422. Strict because the keys it carries are later served and,
 * when the video is deleted, deleted by prefix.
 *
 * @param thumbnails {@code [{time, key}]}
 */
public record VideoImport(
        String recordingId,
        String streamId,
        String sessionId,
        String ownerId,
        String ownerUsername,
        String title,
        String description,
        Visibility visibility,
        List<String> tags,
        Instant recordedAt,
        double durationSeconds,
        int width,
        int height,
        String mp4Key,
        long mp4Bytes,
        String posterKey,
        String thumbnailsPrefix,
        JsonArray thumbnails,
        String hlsPrefix,
        String hlsMaster) {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Pattern OWNER_ID = Pattern.compile("[A-Za-z0-9_-]{1,128}");
    private static final Pattern FILE = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9_.-]{0,127}");
    private static final int MAX_SIDE = 16384;
    private static final int MAX_THUMBNAILS = 10_000;

    public static VideoImport parse(JsonObject body) {
        String recordingId = id(body, "recordingId");
        String streamId = id(body, "streamId");
        String sessionId = id(body, "sessionId");
        String ownerId = text(body, "ownerId");
        if (!OWNER_ID.matcher(ownerId).matches()) {
            throw bad("ownerId", "ownerId must be a user id");
        }
        String ownerUsername = text(body, "ownerUsername");
        if (ownerUsername.length() > 64) {
            throw bad("ownerUsername", "ownerUsername must be a username");
        }
        String title = VideoInput.title(body.getValue("title"));
        String description = VideoInput.description(body.getValue("description"));
        Visibility visibility = VideoInput.visibility(body.getValue("visibility"));
        List<String> tags = VideoInput.tags(body.getValue("tags"));
        Instant recordedAt = instant(body, "recordedAt");
        double duration = number(body, "durationSeconds");
        if (!Double.isFinite(duration) || duration < 0) {
            throw bad("durationSeconds", "durationSeconds must be a number of seconds");
        }
        int width = side(body, "width");
        int height = side(body, "height");
        Object bytes = body.getValue("mp4Bytes");
        if (!(bytes instanceof Number n) || n.longValue() != n.doubleValue() || n.longValue() < 0) {
            throw bad("mp4Bytes", "mp4Bytes must be a whole number of bytes");
        }
        long mp4Bytes = n.longValue();

        // Every object of the recording lies under recordings/<recordingId>/: that is what delete removes.
        String recordingPrefix = "recordings/" + recordingId + "/";
        String mp4Key = key(body, "mp4Key", recordingPrefix);
        String posterKey = key(body, "posterKey", recordingPrefix);
        String thumbnailsPrefix = text(body, "thumbnailsPrefix");
        if (!thumbnailsPrefix.startsWith(recordingPrefix) || !thumbnailsPrefix.endsWith("/")
                || !validPrefix(thumbnailsPrefix)) {
            throw unprocessable("thumbnailsPrefix", "thumbnailsPrefix must be a folder under " + recordingPrefix);
        }
        JsonArray thumbnails = thumbnails(body, thumbnailsPrefix);
        String hlsPrefix = text(body, "hlsPrefix");
        String expectedHls = "live/" + streamId + "/" + sessionId + "/";
        if (!hlsPrefix.equals(expectedHls)) {
            throw unprocessable("hlsPrefix", "hlsPrefix must be the session's folder " + expectedHls);
        }
        String hlsMaster = text(body, "hlsMaster");
        if (!FILE.matcher(hlsMaster).matches() || !hlsMaster.endsWith(".m3u8")) {
            throw bad("hlsMaster", "hlsMaster must be a playlist file name beside the session's playlists");
        }
        return new VideoImport(recordingId, streamId, sessionId, ownerId, ownerUsername, title, description,
                visibility, tags, recordedAt, duration, width, height, mp4Key, mp4Bytes, posterKey, thumbnailsPrefix,
                thumbnails, hlsPrefix, hlsMaster);
    }

    private static JsonArray thumbnails(JsonObject body, String prefix) {
        Object value = body.getValue("thumbnails");
        if (!(value instanceof JsonArray array) || array.size() > MAX_THUMBNAILS) {
            throw bad("thumbnails", "thumbnails must be a list of {time, key}");
        }
        JsonArray checked = new JsonArray();
        for (Object item : array) {
            if (!(item instanceof JsonObject thumb) || !(thumb.getValue("time") instanceof Number time)
                    || !Double.isFinite(time.doubleValue()) || time.doubleValue() < 0
                    || !(thumb.getValue("key") instanceof String key)) {
                throw bad("thumbnails", "thumbnails must be a list of {time, key}");
            }
            // A thumbnail is served as /vod/<id>/thumbs/<file>: it must be a file right in the prefix.
            String file = key.startsWith(prefix) ? key.substring(prefix.length()) : "";
            if (!FILE.matcher(file).matches() || !validKey(key)) {
                throw unprocessable("thumbnails", "each thumbnail must be a file in " + prefix);
            }
            checked.add(new JsonObject().put("time", time.doubleValue()).put("key", key));
        }
        return checked;
    }

    private static String key(JsonObject body, String field, String prefix) {
        String key = text(body, field);
        if (!key.startsWith(prefix) || !validKey(key)) {
            throw unprocessable(field, field + " must be an object under " + prefix);
        }
        return key;
    }

    private static boolean validKey(String key) {
        try {
            StorageKeys.validate(key);
            return true;
        } catch (InvalidKeyException e) {
            return false;
        }
    }

    private static boolean validPrefix(String prefix) {
        try {
            StorageKeys.validatePrefix(prefix);
            return true;
        } catch (InvalidKeyException e) {
            return false;
        }
    }

    private static String id(JsonObject body, String field) {
        String value = text(body, field);
        if (!ID.matcher(value).matches()) {
            throw bad(field, field + " must be 1 to 64 letters, digits, - or _");
        }
        return value;
    }

    private static String text(JsonObject body, String field) {
        if (!(body.getValue(field) instanceof String value) || value.isEmpty()) {
            throw bad(field, field + " is required and must be text");
        }
        return value;
    }

    private static double number(JsonObject body, String field) {
        if (!(body.getValue(field) instanceof Number value)) {
            throw bad(field, field + " is required and must be a number");
        }
        return value.doubleValue();
    }

    private static int side(JsonObject body, String field) {
        if (!(body.getValue(field) instanceof Number value) || value.intValue() != value.doubleValue()
                || value.intValue() < 1 || value.intValue() > MAX_SIDE) {
            throw bad(field, field + " must be a size in pixels");
        }
        return value.intValue();
    }

    private static Instant instant(JsonObject body, String field) {
        try {
            return Instant.parse(text(body, field));
        } catch (DateTimeParseException e) {
            throw bad(field, field + " must be an ISO-8601 UTC time");
        }
    }

    private static ServiceException bad(String field, String message) {
        return ServiceException.badRequest("invalid_" + snake(field), message);
    }

    private static ServiceException unprocessable(String field, String message) {
        return new ServiceException(422, "invalid_" + snake(field), message);
    }

    private static String snake(String field) {
        return field.replaceAll("([A-Z])", "_$1").toLowerCase(java.util.Locale.ROOT);
    }
}
