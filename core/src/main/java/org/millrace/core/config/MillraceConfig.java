package org.millrace.core.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.millrace.core.storage.S3Settings;

/**
 * Everything Millrace is configured with, read once at start-up (see {@link ConfigLoader}) and handed to
 * each component through its constructor.
 *
 * @param database       an external PostgreSQL; empty means the embedded one under {@code dataDir/postgres}
 * @param s3             an S3 endpoint; empty means local storage under {@code dataDir/storage}
 * @param corsOrigins    exact origins allowed cross-origin; empty means same-origin only
 * @param httpRequestTimeout how long a client may take to send a request's header, and then its body
 * @param httpConnectionsPerAddress open connections one client address may hold (trusted proxies exempt)
 * @param httpEventLoops event loops the gateway serves HTTP on (one server each, sharing the port)
 * @param trustedProxies reverse proxies whose X-Forwarded-For names the client; none by default
 * @param maxPublishersPerAccount streams one account may have live at once
 * @param metricsAllow   clients (as resolved through the trusted proxies) allowed to read {@code /metrics}
 * @param uploadSpool    how much the transcoder keeps on local disk while storage is down
 * @param liveHls        the shape of live playlists (segments, DVR window, LL-HLS parts), for writer and server
 * @param uploads        video uploads: size limit, expiry of abandoned ones, unfinished ones per user
 * @param services       the services this process runs (all of them: the all-in-one server)
 * @param cluster        how this process joins the clustered event bus (none: a local bus)
 * @param ingestCapacity publishers this process's SRT ingest transcodes at once
 * @param transcodeJobs  how this process's transcode workers take uploads from the queue
 * @param recordingRetryDelays how long a failed recording build waits before each further attempt
 */
public record MillraceConfig(
        String httpHost,
        int httpPort,
        int srtPort,
        Path dataDir,
        Optional<DatabaseSettings> database,
        Optional<S3Settings> s3,
        String storageBucket,
        byte[] jwtSecret,
        String internalApiKey,
        URI publicUrl,
        List<String> corsOrigins,
        long maxBodyBytes,
        Duration httpRequestTimeout,
        int httpConnectionsPerAddress,
        int httpEventLoops,
        LoginLimits loginLimits,
        Duration reconnectGrace,
        int maxPublishersPerAccount,
        boolean internalAllowRemote,
        Optional<URI> vodImportUrl,
        TrustedProxies trustedProxies,
        AddressRanges metricsAllow,
        UploadSpoolLimits uploadSpool,
        LiveHlsSettings liveHls,
        UploadSettings uploads,
        Set<ServiceRole> services,
        ClusterSettings cluster,
        int ingestCapacity,
        TranscodeJobSettings transcodeJobs,
        List<Duration> recordingRetryDelays,
        boolean devMode) {

    public MillraceConfig {
        services = Set.copyOf(services);
        recordingRetryDelays = List.copyOf(recordingRetryDelays);
    }

    /** Whether this process runs {@code role}. */
    public boolean runs(ServiceRole role) {
        return services.contains(role);
    }

    /** Whether this process runs every service: the all-in-one server with its embedded defaults. */
    public boolean allInOne() {
        return services.size() == ServiceRole.values().length;
    }

    public Path storageRoot() {
        return dataDir.resolve("storage");
    }

    public Path embeddedDatabaseDir() {
        return dataDir.resolve("postgres");
    }

    /** Host name streamers use in SRT URLs: the public URL's host. */
    public String publicHost() {
        return publicUrl.getHost();
    }

    /** Secrets stay out of logs and exceptions. */
    @Override
    public String toString() {
        return "MillraceConfig[http=" + httpHost + ":" + httpPort + ", srt=" + srtPort + ", dataDir=" + dataDir
                + ", database=" + database.map(Object::toString).orElse("embedded")
                + ", storage=" + s3.map(Object::toString).orElse("local " + storageRoot())
                + ", publicUrl=" + publicUrl + ", corsOrigins=" + corsOrigins + ", maxBodyBytes=" + maxBodyBytes
                + ", httpRequestTimeout=" + httpRequestTimeout
                + ", httpConnectionsPerAddress=" + httpConnectionsPerAddress
                + ", httpEventLoops=" + httpEventLoops + ", loginLimits=" + loginLimits
                + ", reconnectGrace=" + reconnectGrace
                + ", maxPublishersPerAccount=" + maxPublishersPerAccount + ", internalAllowRemote="
                + internalAllowRemote
                + ", vodImportUrl=" + vodImportUrl.map(Object::toString).orElse("self")
                + ", trustedProxies=" + trustedProxies + ", metricsAllow=" + metricsAllow + ", uploadSpool="
                + uploadSpool + ", liveHls=" + liveHls + ", uploads=" + uploads
                + ", services="
                + services.stream().map(ServiceRole::configName).sorted().toList()
                + ", cluster=" + cluster + ", ingestCapacity=" + ingestCapacity + ", transcodeJobs=" + transcodeJobs
                + ", devMode=" + devMode + "]";
    }
}
