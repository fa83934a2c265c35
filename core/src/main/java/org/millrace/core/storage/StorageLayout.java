package org.millrace.core.storage;

/**
 * Where each service's objects lie in the shared storage: the one owner of the key layout, so the transcoder that
 * writes a live session, the gateway that serves it, the recorder that builds its recording and the vod service
 * that serves and deletes the video all agree.
 * <ul>
 *   <li>{@code live/<streamId>/<sessionId>/}: one live session's HLS (the transcoder's {@code master.m3u8},
 *       {@code <rendition>/index.m3u8} and segments, {@code thumb.jpg}); a recording's VOD playlists are written
 *       beside them and a video's HLS is served from there.</li>
 *   <li>{@code recordings/<recordingId>/}: what the recorder built of a session ({@code video.mp4},
 *       {@code poster.jpg}, {@code thumbs/}); deleting a video deletes this folder and the session's. An uploaded
 *       video is built here too, under its upload's id, with its HLS in {@code hls/} (it has no live session).</li>
 *   <li>{@code uploads/<uploadId>/}: one video upload: {@code source} (the uploaded file, complete once the upload
 *       is queued) and, on S3 while it is unfinished, {@code pieces/<offset>} (bytes received since the last
 *       multipart part, too few for a part of their own).</li>
 * </ul>
 * Ids are single path segments; anything else is refused, so no id can reach outside its folder.
 */
public final class StorageLayout {
    /** The live master playlist's name in a session folder. */
    public static final String LIVE_MASTER = "master.m3u8";
    /** The live thumbnail's name in a session folder. */
    public static final String LIVE_THUMBNAIL = "thumb.jpg";

    private static final String LIVE = "live/";
    private static final String RECORDINGS = "recordings/";
    private static final String UPLOADS = "uploads/";

    private StorageLayout() {}

    /** {@code live/<streamId>/<sessionId>/}. */
    public static String liveSession(String streamId, String sessionId) {
        return LIVE + segment(streamId, "stream id") + "/" + segment(sessionId, "session id") + "/";
    }

    /** A file of a live session, {@code path} relative to its folder (e.g. {@code 720p/index.m3u8}). */
    public static String liveFile(String streamId, String sessionId, String path) {
        return liveSession(streamId, sessionId) + path;
    }

    /** {@code recordings/<recordingId>/}. */
    public static String recording(String recordingId) {
        return RECORDINGS + segment(recordingId, "recording id") + "/";
    }

    public static String recordingMp4(String recordingId) {
        return recording(recordingId) + "video.mp4";
    }

    public static String recordingPoster(String recordingId) {
        return recording(recordingId) + "poster.jpg";
    }

    /** The folder of a recording's preview thumbnails. */
    public static String recordingThumbnails(String recordingId) {
        return recording(recordingId) + "thumbs/";
    }

    /** The folder of an uploaded video's HLS (master, one folder per rendition), inside its recording folder. */
    public static String recordingHls(String recordingId) {
        return recording(recordingId) + "hls/";
    }

    /** {@code uploads/<uploadId>/}. */
    public static String upload(String uploadId) {
        return UPLOADS + segment(uploadId, "upload id") + "/";
    }

    /** The uploaded file of an upload. */
    public static String uploadSource(String uploadId) {
        return upload(uploadId) + "source";
    }

    /** The folder of an unfinished S3 upload's pieces (bytes short of a multipart part). */
    public static String uploadPieces(String uploadId) {
        return upload(uploadId) + "pieces/";
    }

    private static String segment(String id, String what) {
        if (id == null || id.isEmpty() || id.indexOf('/') >= 0 || id.equals(".") || id.equals("..")) {
            throw new IllegalArgumentException(what + " is not a single path segment: " + id);
        }
        return id;
    }
}
