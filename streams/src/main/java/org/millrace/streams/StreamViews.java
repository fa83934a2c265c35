package org.millrace.streams;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * The JSON shapes of a stream: what anyone sees, what an admin adds, and what only the owner sees (passphrase,
 * SRT server). The stream key is never part of a view: only create and rotate add it, once.
 */
public final class StreamViews {
    private final IngestUrls urls;
    private final PassphraseCipher cipher;
    private final ViewerCounter viewers;

    public StreamViews(IngestUrls urls, PassphraseCipher cipher, ViewerCounter viewers) {
        this.urls = urls;
        this.cipher = cipher;
        this.viewers = viewers;
    }

    /** Who is looking decides what is shown. */
    public enum Audience {
        PUBLIC,
        ADMIN,
        OWNER
    }

    public JsonObject view(StreamRow stream, Audience audience) {
        boolean offline = stream.status() == LiveStatus.OFFLINE;
        JsonObject json = new JsonObject()
                .put("id", stream.id())
                .put("title", stream.title())
                .put("description", stream.description())
                .put("owner", new JsonObject().put("id", stream.ownerId()).put("username", stream.ownerUsername()))
                .put("status", stream.status().wire())
                .put("startedAt", time(stream.startedAt()))
                .put("sessionId", stream.sessionId())
                // What the transcoder announced for the current session (empty until its master playlist exists).
                .put(
                        "renditions",
                        offline ? new JsonArray() : stream.renditions().copy())
                .put("viewers", offline ? 0 : viewers.count(stream.id()))
                .put("thumbnailUrl", offline ? null : urls.thumbnailUrl(stream.id(), stream.sessionId()))
                .put("playbackUrl", urls.playbackUrl(stream.id()))
                .put("createdAt", time(stream.createdAt()));
        if (audience != Audience.PUBLIC) {
            json.put("disabled", stream.disabled()).put("updatedAt", time(stream.updatedAt()));
        }
        if (audience == Audience.OWNER) {
            json.put("passphrase", passphrase(stream))
                    .put("srtServer", urls.srtServer())
                    .put("recordingVisibility", stream.recordingVisibility());
        }
        return json;
    }

    /** The owner's view plus the key and the full SRT URL: only in the answers to create and rotate. */
    public JsonObject withKey(StreamRow stream, String streamKey) {
        return view(stream, Audience.OWNER)
                .put("streamKey", streamKey)
                .put("srtUrl", urls.publishUrl(streamKey, passphrase(stream)));
    }

    public String passphrase(StreamRow stream) {
        return stream.passphraseSealed() == null ? null : cipher.decrypt(stream.id(), stream.passphraseSealed());
    }

    private static String time(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
