package org.millrace.streams;

import org.millrace.core.config.MillraceConfig;

/**
 * The addresses a stream is reached at: the SRT URL a streamer pastes into OBS (host from the public URL, the SRT
 * port) and the playback paths, relative to the site so they work behind any proxy or host name.
 */
public final class IngestUrls {
    private final String srtServer;

    public IngestUrls(String publicHost, int srtPort) {
        this.srtServer = "srt://" + publicHost + ":" + srtPort;
    }

    public static IngestUrls from(MillraceConfig config) {
        return new IngestUrls(config.publicHost(), config.srtPort());
    }

    /** {@code srt://host:port}, without a stream id (what the owner sees when the key cannot be shown). */
    public String srtServer() {
        return srtServer;
    }

    /**
     * The full publish URL; {@code pbkeylen=16} (AES-128) goes with a passphrase as OBS expects it. Passphrases are
     * limited to URL-safe characters ({@link StreamInput}), so they go in as they are: libsrt callers do not decode.
     */
    public String publishUrl(String streamKey, String passphrase) {
        StringBuilder url =
                new StringBuilder(srtServer).append("?streamid=publish:").append(streamKey);
        if (passphrase != null) {
            url.append("&passphrase=").append(passphrase).append("&pbkeylen=16");
        }
        return url.toString();
    }

    public String playbackUrl(String streamId) {
        return "/live/" + streamId + "/master.m3u8";
    }

    public String thumbnailUrl(String streamId, String sessionId) {
        return "/live/" + streamId + "/" + sessionId + "/thumb.jpg";
    }
}
