package org.millrace.core.config;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.millrace.core.storage.S3Settings;

/**
 * Reads {@link MillraceConfig} from environment variables. Every variable and its default is listed in
 * {@link ConfigVariable} and in the README's configuration table.
 */
public final class ConfigLoader {
    private static final int MIN_SECRET_LENGTH = 32;

    private final Map<String, String> env;

    public ConfigLoader(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    public static MillraceConfig fromEnvironment() {
        return new ConfigLoader(System.getenv()).load();
    }

    public MillraceConfig load() {
        boolean dev = bool(ConfigVariable.DEV);
        String httpHost = string(ConfigVariable.HTTP_HOST);
        int httpPort = port(ConfigVariable.HTTP_PORT);
        int srtPort = port(ConfigVariable.SRT_PORT);
        Path dataDir = Path.of(string(ConfigVariable.DATA_DIR)).toAbsolutePath().normalize();

        Optional<DatabaseSettings> database = optional(ConfigVariable.DATABASE_URL)
                .map(url -> DatabaseSettings.fromUrl(
                        url,
                        optional(ConfigVariable.DATABASE_USER).orElse(null),
                        optional(ConfigVariable.DATABASE_PASSWORD).orElse(null),
                        positiveInt(ConfigVariable.DATABASE_POOL_SIZE)));

        String bucket = string(ConfigVariable.S3_BUCKET);
        if (!bucket.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")) {
            throw new ConfigException(ConfigVariable.S3_BUCKET.env() + " is not a valid bucket name: " + bucket);
        }
        Optional<S3Settings> s3 = optional(ConfigVariable.S3_ENDPOINT)
                .map(endpoint -> new S3Settings(
                        endpoint,
                        required(ConfigVariable.S3_ACCESS_KEY, "S3 is configured"),
                        required(ConfigVariable.S3_SECRET_KEY, "S3 is configured"),
                        bucket,
                        string(ConfigVariable.S3_REGION)));

        SecretStore secrets = new SecretStore(dataDir, new SecureRandom());
        String jwtSecret = optional(ConfigVariable.JWT_SECRET).orElseGet(() -> secrets.getOrCreate("jwt-secret", 48));
        if (jwtSecret.length() < MIN_SECRET_LENGTH) {
            throw new ConfigException(
                    ConfigVariable.JWT_SECRET.env() + " must be at least " + MIN_SECRET_LENGTH + " characters");
        }
        String internalKey =
                optional(ConfigVariable.INTERNAL_API_KEY).orElseGet(() -> secrets.getOrCreate("internal-api-key", 32));
        if (internalKey.length() < MIN_SECRET_LENGTH) {
            throw new ConfigException(
                    ConfigVariable.INTERNAL_API_KEY.env() + " must be at least " + MIN_SECRET_LENGTH + " characters");
        }

        URI publicUrl = optional(ConfigVariable.PUBLIC_URL)
                .map(ConfigLoader::publicUrl)
                .orElseGet(() -> URI.create("http://localhost:" + httpPort));

        List<String> cors = origins(optional(ConfigVariable.CORS_ORIGINS).orElse(""), dev);
        long maxBody = positiveInt(ConfigVariable.MAX_BODY_BYTES);
        Duration requestTimeout = Duration.ofSeconds(positiveInt(ConfigVariable.HTTP_REQUEST_TIMEOUT_SECONDS));
        int connectionsPerAddress = positiveInt(ConfigVariable.HTTP_CONNECTIONS_PER_ADDRESS);
        int eventLoops = optional(ConfigVariable.HTTP_EVENT_LOOPS).isPresent()
                ? positiveInt(ConfigVariable.HTTP_EVENT_LOOPS)
                : Runtime.getRuntime().availableProcessors();
        LoginLimits loginLimits = new LoginLimits(
                positiveInt(ConfigVariable.LOGIN_ATTEMPTS_PER_IP),
                positiveInt(ConfigVariable.LOGIN_FAILURES_PER_ACCOUNT),
                positiveInt(ConfigVariable.LOGIN_FAILURES_PER_ACCOUNT_PER_DAY));

        Duration grace = Duration.ofSeconds(positiveInt(ConfigVariable.RECONNECT_GRACE_SECONDS));
        int maxPublishers = positiveInt(ConfigVariable.MAX_PUBLISHERS_PER_ACCOUNT);
        boolean internalAllowRemote = bool(ConfigVariable.INTERNAL_ALLOW_REMOTE);
        Optional<URI> vodImportUrl = optional(ConfigVariable.VOD_IMPORT_URL).map(ConfigLoader::serviceUrl);
        TrustedProxies trustedProxies;
        try {
            trustedProxies = TrustedProxies.parse(
                    optional(ConfigVariable.TRUSTED_PROXIES).orElse(null));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(ConfigVariable.TRUSTED_PROXIES.env() + ": " + e.getMessage());
        }
        AddressRanges metricsAllow;
        try {
            metricsAllow = AddressRanges.parse(string(ConfigVariable.METRICS_ALLOW));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(ConfigVariable.METRICS_ALLOW.env() + ": " + e.getMessage());
        }

        UploadSpoolLimits spool = UploadSpoolLimits.ofMebibytes(
                positiveInt(ConfigVariable.SPOOL_MAX_MB),
                positiveInt(ConfigVariable.SPOOL_MAX_MB_PER_STREAM),
                Duration.ofSeconds(positiveInt(ConfigVariable.SPOOL_MAX_AGE_SECONDS)));

        int partMillis = positiveInt(ConfigVariable.HLS_PART_MS);
        if (partMillis < 100 || partMillis > 1000) {
            throw new ConfigException(ConfigVariable.HLS_PART_MS.env() + " must be 100-1000 (ms), got " + partMillis);
        }
        int segmentMillis = positiveInt(ConfigVariable.HLS_SEGMENT_MS);
        if (segmentMillis < 1000 || segmentMillis > 6000) {
            throw new ConfigException(
                    ConfigVariable.HLS_SEGMENT_MS.env() + " must be 1000-6000 (ms), got " + segmentMillis);
        }
        LiveHlsSettings liveHls = LiveHlsSettings.defaults()
                .withSegmentTarget(Duration.ofMillis(segmentMillis))
                .withPartTarget(Duration.ofMillis(partMillis));

        UploadSettings uploads = uploads();

        Set<ServiceRole> services =
                ServiceRole.parse(optional(ConfigVariable.SERVICES).orElse(null));
        ClusterSettings cluster = cluster();
        int ingestCapacity = optional(ConfigVariable.INGEST_CAPACITY).isPresent()
                ? positiveInt(ConfigVariable.INGEST_CAPACITY)
                : Math.max(1, Runtime.getRuntime().availableProcessors() * 3 / 2);

        TranscodeJobSettings transcodeJobs = new TranscodeJobSettings(
                positiveInt(ConfigVariable.TRANSCODE_WORKERS),
                Duration.ofSeconds(positiveInt(ConfigVariable.TRANSCODE_LEASE_SECONDS)),
                positiveInt(ConfigVariable.TRANSCODE_MAX_ATTEMPTS),
                Duration.ofSeconds(positiveInt(ConfigVariable.TRANSCODE_MAX_DURATION_SECONDS)));
        List<Duration> recordingRetryDelays = secondsList(ConfigVariable.RECORDING_RETRY_SECONDS);

        return new MillraceConfig(
                httpHost,
                httpPort,
                srtPort,
                dataDir,
                database,
                s3,
                bucket,
                jwtSecret.getBytes(StandardCharsets.UTF_8),
                internalKey,
                publicUrl,
                cors,
                maxBody,
                requestTimeout,
                connectionsPerAddress,
                eventLoops,
                loginLimits,
                grace,
                maxPublishers,
                internalAllowRemote,
                vodImportUrl,
                trustedProxies,
                metricsAllow,
                spool,
                liveHls,
                uploads,
                services,
                cluster,
                ingestCapacity,
                transcodeJobs,
                recordingRetryDelays,
                dev);
    }

    private UploadSettings uploads() {
        long maxBytes;
        try {
            maxBytes = Long.parseLong(string(ConfigVariable.UPLOAD_MAX_BYTES));
        } catch (NumberFormatException e) {
            throw new ConfigException(ConfigVariable.UPLOAD_MAX_BYTES.env() + " must be a whole number of bytes");
        }
        if (maxBytes < 1) {
            throw new ConfigException(ConfigVariable.UPLOAD_MAX_BYTES.env() + " must be positive, got " + maxBytes);
        }
        return new UploadSettings(
                maxBytes,
                Duration.ofHours(positiveInt(ConfigVariable.UPLOAD_EXPIRY_HOURS)),
                positiveInt(ConfigVariable.UPLOADS_PER_USER));
    }

    private ClusterSettings cluster() {
        List<String> members = new ArrayList<>();
        for (String member : optional(ConfigVariable.CLUSTER_MEMBERS).orElse("").split(",")) {
            String m = member.strip();
            if (m.isEmpty()) {
                continue;
            }
            int colon = m.lastIndexOf(':');
            boolean valid = colon > 0
                    && m.substring(colon + 1).matches("[0-9]{1,5}")
                    && Integer.parseInt(m.substring(colon + 1)) <= 65535
                    && m.substring(0, colon).matches("[A-Za-z0-9.\\[\\]:-]+");
            if (!valid) {
                throw new ConfigException(
                        ConfigVariable.CLUSTER_MEMBERS.env() + " must list members as host:port, got: " + m);
            }
            members.add(m);
        }
        Optional<String> kubernetes = optional(ConfigVariable.CLUSTER_KUBERNETES_SERVICE);
        if (kubernetes.isPresent() && !members.isEmpty()) {
            throw new ConfigException("set either " + ConfigVariable.CLUSTER_MEMBERS.env() + " or "
                    + ConfigVariable.CLUSTER_KUBERNETES_SERVICE.env() + ", not both");
        }
        if (kubernetes.isPresent() && !kubernetes.get().matches("[a-z0-9]([a-z0-9.-]*[a-z0-9])?")) {
            throw new ConfigException(
                    ConfigVariable.CLUSTER_KUBERNETES_SERVICE.env() + " must be a DNS name, got: " + kubernetes.get());
        }
        String host = string(ConfigVariable.CLUSTER_HOST);
        String publicHost = optional(ConfigVariable.CLUSTER_PUBLIC_HOST).orElse(host);
        return new ClusterSettings(
                members,
                kubernetes,
                port(ConfigVariable.CLUSTER_PORT),
                host,
                publicHost,
                port(ConfigVariable.EVENTBUS_PORT));
    }

    private static URI serviceUrl(String value) {
        URI uri;
        try {
            uri = URI.create(value.endsWith("/") ? value.substring(0, value.length() - 1) : value);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(ConfigVariable.VOD_IMPORT_URL.env() + " is not a URL: " + value);
        }
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
            throw new ConfigException(ConfigVariable.VOD_IMPORT_URL.env() + " must be an http(s) URL with a host");
        }
        return uri;
    }

    private static URI publicUrl(String value) {
        URI uri;
        try {
            uri = URI.create(value.endsWith("/") ? value.substring(0, value.length() - 1) : value);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(ConfigVariable.PUBLIC_URL.env() + " is not a URL: " + value);
        }
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
            throw new ConfigException(ConfigVariable.PUBLIC_URL.env() + " must be an http(s) URL with a host");
        }
        return uri;
    }

    private static List<String> origins(String value, boolean dev) {
        List<String> result = new ArrayList<>();
        for (String origin : value.split(",")) {
            String o = origin.strip();
            if (o.isEmpty()) {
                continue;
            }
            if (o.equals("*")) {
                if (!dev) {
                    throw new ConfigException(ConfigVariable.CORS_ORIGINS.env()
                            + "=* is allowed only with MILLRACE_DEV=true; list the exact origins instead");
                }
            } else if (!o.matches("https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?")) {
                throw new ConfigException(
                        ConfigVariable.CORS_ORIGINS.env() + " must list origins like https://example.com, got: " + o);
            }
            result.add(o);
        }
        return List.copyOf(result);
    }

    private String string(ConfigVariable v) {
        return optional(v).orElse(v.defaultValue());
    }

    private Optional<String> optional(ConfigVariable v) {
        String value = env.get(v.env());
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
    }

    private String required(ConfigVariable v, String because) {
        return optional(v).orElseThrow(() -> new ConfigException(v.env() + " is required when " + because));
    }

    private int port(ConfigVariable v) {
        int port = integer(v);
        if (port < 0 || port > 65535) {
            throw new ConfigException(v.env() + " must be a port number (0-65535), got " + port);
        }
        return port;
    }

    /** A comma-separated list of whole seconds, each at least 0, at least one and at most {@code 10}. */
    private List<Duration> secondsList(ConfigVariable v) {
        String[] values = string(v).split(",", -1);
        if (values.length > 10) {
            throw new ConfigException(v.env() + " takes at most 10 values, got " + values.length);
        }
        List<Duration> delays = new ArrayList<>();
        for (String value : values) {
            try {
                int seconds = Integer.parseInt(value.strip());
                if (seconds < 0) {
                    throw new NumberFormatException();
                }
                delays.add(Duration.ofSeconds(seconds));
            } catch (NumberFormatException e) {
                throw new ConfigException(v.env() + " must be comma-separated whole seconds (e.g. " + v.defaultValue()
                        + "), got " + string(v));
            }
        }
        return List.copyOf(delays);
    }

    private int positiveInt(ConfigVariable v) {
        int value = integer(v);
        if (value < 1) {
            throw new ConfigException(v.env() + " must be positive, got " + value);
        }
        return value;
    }

    private int integer(ConfigVariable v) {
        String value = string(v);
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new ConfigException(v.env() + " must be a number, got '" + value + "'");
        }
    }

    private boolean bool(ConfigVariable v) {
        String value = string(v).toLowerCase(Locale.ROOT);
        if (Arrays.asList("true", "1", "yes").contains(value)) {
            return true;
        }
        if (Arrays.asList("false", "0", "no").contains(value)) {
            return false;
        }
        throw new ConfigException(v.env() + " must be true or false, got '" + value + "'");
    }
}
