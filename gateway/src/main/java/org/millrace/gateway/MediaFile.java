package org.millrace.gateway;

/**
 * How one kind of stored media file is served: its content type, its {@code Cache-Control}, and whether its bytes
 * may be answered from memory.
 *
 * @param contentType  the {@code Content-Type} sent, whatever the backend stored (so local and S3 agree)
 * @param cacheControl the {@code Cache-Control} sent with it (and with its 304s)
 * @param neverRewritten true for a live segment, part or init file: its name is never written twice within a session,
 *                     so the gateway keeps what it read for the viewers who ask next ({@link RecentLiveFiles})
 */
public record MediaFile(String contentType, String cacheControl, boolean neverRewritten) {
    /** A file that may be rewritten under its name (a playlist, a thumbnail) or whose access changes (VOD). */
    public MediaFile(String contentType, String cacheControl) {
        this(contentType, cacheControl, false);
    }
}
