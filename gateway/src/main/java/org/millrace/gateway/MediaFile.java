package org.millrace.gateway;

/**
 * How one kind of stored media file is served: its content type and its {@code Cache-Control}.
 *
 * @param contentType  the {@code Content-Type} sent, whatever the backend stored (so local and S3 agree)
 * @param cacheControl the {@code Cache-Control} sent with it (and with its 304s)
 */
public record MediaFile(String contentType, String cacheControl) {
}
