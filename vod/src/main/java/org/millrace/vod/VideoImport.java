package org.millrace.vod;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;
import org.millrace.core.bus.MalformedMessage;
import org.millrace.core.bus.ServiceException;
import org.millrace.core.bus.VideoImportBody;
import org.millrace.core.storage.InvalidKeyException;
import org.millrace.core.storage.StorageKeys;
import org.millrace.core.storage.StorageLayout;

/**
 * The recorder's import body ({@link VideoImportBody}), checked: a malformed field is a 400, storage keys that do not belong to the recording
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

    public static VideoImport parse(JsonObject json) {
        VideoImportBody body;
        try {
            body = VideoImportBody.fromJson(json);
        } catch (MalformedMessage malformed) {
            throw malformed.toServiceException();
        }
        String recordingId = id(body.recordingId(), "recordingId");
        String streamId = id(body.streamId(), "streamId");
        String sessionId = id(body.sessionId(), "sessionId");
        if (!OWNER_ID.matcher(body.ownerId()).matches()) {
            throw bad("ownerId", "ownerId must be a user id");
        }
        if (body.ownerUsername().length() > 64) {
            throw bad("ownerUsername", "ownerUsername must be a username");
        }
        String title = VideoInput.title(body.title());
        String description = VideoInput.description(body.description());
        Visibility visibility = VideoInput.visibility(body.visibility());
        List<String> tags = VideoInput.tags(new JsonArray(body.tags()));
        double duration = body.durationSeconds();
        if (!Double.isFinite(duration) || duration < 0) {
            throw bad("durationSeconds", "durationSeconds must be a number of seconds");
        }
        int width = side(body.width(), "width");
        int height = side(body.height(), "height");
        if (body.mp4Bytes() < 0) {
            throw bad("mp4Bytes", "mp4Bytes must be a whole number of bytes");
        }

        // Every object of the recording lies under its folder: that is what delete removes.
        String recordingPrefix = StorageLayout.recording(recordingId);
        String mp4Key = key(body.mp4Key(), "mp4Key", recordingPrefix);
        String posterKey = key(body.posterKey(), "posterKey", recordingPrefix);
        String thumbnailsPrefix = body.thumbnailsPrefix();
        if (!thumbnailsPrefix.startsWith(recordingPrefix)
                || !thumbnailsPrefix.endsWith("/")
                || !validPrefix(thumbnailsPrefix)) {
            throw unprocessable("thumbnailsPrefix", "thumbnailsPrefix must be a folder under " + recordingPrefix);
        }
        JsonArray thumbnails = thumbnails(body.thumbnails(), thumbnailsPrefix);
        // A recording's HLS is its live session's; an upload (no session) keeps its own in the recording folder.
        String expectedHls = StorageLayout.liveSession(streamId, sessionId);
        if (body.hlsPrefix().equals(StorageLayout.recordingHls(recordingId))) {
            expectedHls = body.hlsPrefix();
        } else if (!body.hlsPrefix().equals(expectedHls)) {
            throw unprocessable(
                    "hlsPrefix",
                    "hlsPrefix must be the session's folder " + expectedHls + " or "
                            + StorageLayout.recordingHls(recordingId));
        }
        String hlsMaster = body.hlsMaster();
        if (!FILE.matcher(hlsMaster).matches() || !hlsMaster.endsWith(".m3u8")) {
            throw bad("hlsMaster", "hlsMaster must be a playlist file name beside the session's playlists");
        }
        return new VideoImport(
                recordingId,
                streamId,
                sessionId,
                body.ownerId(),
                body.ownerUsername(),
                title,
                description,
                visibility,
                tags,
                body.recordedAt(),
                duration,
                width,
                height,
                mp4Key,
                body.mp4Bytes(),
                posterKey,
                thumbnailsPrefix,
                thumbnails,
                expectedHls,
                hlsMaster);
    }

    private static JsonArray thumbnails(List<VideoImportBody.Thumbnail> list, String prefix) {
        if (list.size() > MAX_THUMBNAILS) {
            throw bad("thumbnails", "thumbnails must be a list of {time, key}");
        }
        JsonArray checked = new JsonArray();
        for (VideoImportBody.Thumbnail thumb : list) {
            if (!Double.isFinite(thumb.time()) || thumb.time() < 0) {
                throw bad("thumbnails", "thumbnails must be a list of {time, key}");
            }
            // A thumbnail is served as /vod/<id>/thumbs/<file>: it must be a file right in the prefix.
            String key = thumb.key();
            String file = key.startsWith(prefix) ? key.substring(prefix.length()) : "";
            if (!FILE.matcher(file).matches() || !validKey(key)) {
                throw unprocessable("thumbnails", "each thumbnail must be a file in " + prefix);
            }
            checked.add(new JsonObject().put("time", thumb.time()).put("key", key));
        }
        return checked;
    }

    private static String key(String key, String field, String prefix) {
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

    private static String id(String value, String field) {
        if (!ID.matcher(value).matches()) {
            throw bad(field, field + " must be 1 to 64 letters, digits, - or _");
        }
        return value;
    }

    private static int side(int value, String field) {
        if (value < 1 || value > MAX_SIDE) {
            throw bad(field, field + " must be a size in pixels");
        }
        return value;
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
