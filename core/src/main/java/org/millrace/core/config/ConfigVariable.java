package org.millrace.core.config;

/** The environment variables Millrace reads, with their defaults (null: unset unless configured). */
public enum ConfigVariable {
    HTTP_HOST("MILLRACE_HTTP_HOST", "0.0.0.0", "interface the HTTP server binds"),
    HTTP_PORT("MILLRACE_HTTP_PORT", "8080", "HTTP port (0 = any free port)"),
    SRT_PORT("MILLRACE_SRT_PORT", "8890", "SRT ingest UDP port"),
    DATA_DIR("MILLRACE_DATA_DIR", "./data", "embedded database, local storage and generated secrets"),
    DATABASE_URL(
            "MILLRACE_DATABASE_URL", null, "postgresql://host:5432/db; unset = embedded PostgreSQL (all-in-one only)"),
    DATABASE_USER("MILLRACE_DATABASE_USER", null, "database user (overrides the URL's)"),
    DATABASE_PASSWORD("MILLRACE_DATABASE_PASSWORD", null, "database password (overrides the URL's)"),
    DATABASE_POOL_SIZE("MILLRACE_DATABASE_POOL_SIZE", "8", "connections per service pool"),
    S3_ENDPOINT("MILLRACE_S3_ENDPOINT", null, "S3/MinIO endpoint URL; unset = local storage"),
    S3_ACCESS_KEY("MILLRACE_S3_ACCESS_KEY", null, "S3 access key (required with an endpoint)"),
    S3_SECRET_KEY("MILLRACE_S3_SECRET_KEY", null, "S3 secret key (required with an endpoint)"),
    S3_BUCKET("MILLRACE_S3_BUCKET", "millrace", "bucket (local storage: the directory under storage/)"),
    S3_REGION("MILLRACE_S3_REGION", "us-east-1", "S3 region"),
    JWT_SECRET("MILLRACE_JWT_SECRET", null, "HMAC secret for access tokens, at least 32 characters; unset = generated"),
    INTERNAL_API_KEY(
            "MILLRACE_INTERNAL_API_KEY", null, "key for /internal/* calls, at least 32 characters; unset = generated"),
    PUBLIC_URL(
            "MILLRACE_PUBLIC_URL",
            null,
            "URL viewers reach; its host goes into SRT URLs; default http://localhost:<port>"),
    CORS_ORIGINS(
            "MILLRACE_CORS_ORIGINS", null, "comma-separated origins allowed cross-origin; unset = same-origin only"),
    HTTP_REQUEST_TIMEOUT_SECONDS(
            "MILLRACE_HTTP_REQUEST_TIMEOUT_SECONDS",
            "30",
            "seconds a client has to send a request's header (from connecting, or from the previous response on a kept-alive connection) and then its body; slower connections are closed"),
    HTTP_CONNECTIONS_PER_ADDRESS(
            "MILLRACE_HTTP_CONNECTIONS_PER_ADDRESS",
            "256",
            "open HTTP connections one client address may hold (the trusted proxies are exempt); more are closed at once"),
    HTTP_EVENT_LOOPS(
            "MILLRACE_HTTP_EVENT_LOOPS",
            null,
            "event loops the gateway serves HTTP on, sharing one port; unset = one per CPU core"),
    MAX_BODY_BYTES("MILLRACE_MAX_BODY_BYTES", "1048576", "largest accepted request body (413 above)"),
    LOGIN_ATTEMPTS_PER_IP(
            "MILLRACE_LOGIN_ATTEMPTS_PER_IP", "30", "login attempts per client IP per minute (429 above)"),
    LOGIN_FAILURES_PER_ACCOUNT(
            "MILLRACE_LOGIN_FAILURES_PER_ACCOUNT",
            "10",
            "failed logins per account and client address per 15 minutes (429 above)"),
    LOGIN_FAILURES_PER_ACCOUNT_PER_DAY(
            "MILLRACE_LOGIN_FAILURES_PER_ACCOUNT_PER_DAY",
            "50",
            "failed logins per account per day from addresses it has not signed in from, before exponential back-off"),
    RECONNECT_GRACE_SECONDS(
            "MILLRACE_RECONNECT_GRACE_SECONDS",
            "30",
            "seconds a dropped publisher may reconnect into the same session (and recording)"),
    MAX_PUBLISHERS_PER_ACCOUNT(
            "MILLRACE_MAX_PUBLISHERS_PER_ACCOUNT",
            "5",
            "streams one account may have live at once; SRT callers past it are refused"),
    INTERNAL_ALLOW_REMOTE(
            "MILLRACE_INTERNAL_ALLOW_REMOTE",
            "false",
            "accept /internal/* calls from non-loopback addresses (separate services)"),
    TRUSTED_PROXIES(
            "MILLRACE_TRUSTED_PROXIES",
            null,
            "addresses or CIDR ranges of reverse proxies (nginx) whose X-Forwarded-For names the client; unset = none"),
    METRICS_ALLOW(
            "MILLRACE_METRICS_ALLOW",
            "127.0.0.1,::1",
            "addresses or CIDR ranges of clients allowed to read /metrics (others get 404); default loopback only"),
    VOD_IMPORT_URL(
            "MILLRACE_VOD_IMPORT_URL",
            null,
            "base URL the recorder imports videos through; unset = this process's gateway on loopback (required for a recorder without one)"),
    SPOOL_MAX_MB(
            "MILLRACE_SPOOL_MAX_MB",
            "2048",
            "MiB of finished segments kept on local disk while storage is down, all streams together"),
    SPOOL_MAX_MB_PER_STREAM(
            "MILLRACE_SPOOL_MAX_MB_PER_STREAM",
            "512",
            "MiB of finished segments kept for one stream while storage is down"),
    SPOOL_MAX_AGE_SECONDS(
            "MILLRACE_SPOOL_MAX_AGE_SECONDS",
            "600",
            "seconds a segment may wait for storage before it is given up (a gap)"),
    HLS_SEGMENT_MS(
            "MILLRACE_HLS_SEGMENT_MS",
            "1000",
            "live segment target in milliseconds (1000-6000): encoded rungs get a keyframe this often; every node of a cluster must agree"),
    HLS_PART_MS(
            "MILLRACE_HLS_PART_MS",
            "200",
            "LL-HLS part target in milliseconds (100-1000): parts are cut on frames, at most this long to the millisecond"),
    UPLOAD_MAX_BYTES(
            "MILLRACE_UPLOAD_MAX_BYTES",
            "21474836480",
            "largest video upload in bytes (tus Tus-Max-Size; 413 at creation above it); default 20 GiB"),
    UPLOAD_EXPIRY_HOURS(
            "MILLRACE_UPLOAD_EXPIRY_HOURS",
            "24",
            "hours an unfinished upload is kept after its last progress; then it is expired and its bytes deleted"),
    UPLOADS_PER_USER("MILLRACE_UPLOADS_PER_USER", "10", "unfinished uploads one user may have at once (429 above)"),
    SERVICES(
            "MILLRACE_SERVICES",
            null,
            "comma-separated services this process runs: gateway, auth, streams, ingest, recorder, vod, uploads, transcode; unset = all of them (the all-in-one server)"),
    CLUSTER_MEMBERS(
            "MILLRACE_CLUSTER_MEMBERS",
            null,
            "comma-separated host:port of Hazelcast members (TCP-IP discovery, multicast off); unset = a local, unclustered event bus"),
    CLUSTER_KUBERNETES_SERVICE(
            "MILLRACE_CLUSTER_KUBERNETES_SERVICE",
            null,
            "DNS name of the headless Kubernetes service whose pods are the cluster (Hazelcast DNS discovery); instead of MILLRACE_CLUSTER_MEMBERS"),
    CLUSTER_PORT("MILLRACE_CLUSTER_PORT", "5701", "this member's Hazelcast port"),
    CLUSTER_HOST("MILLRACE_CLUSTER_HOST", "127.0.0.1", "interface Hazelcast and the clustered event bus bind"),
    CLUSTER_PUBLIC_HOST(
            "MILLRACE_CLUSTER_PUBLIC_HOST",
            null,
            "address other members reach this one at (containers); unset = MILLRACE_CLUSTER_HOST"),
    EVENTBUS_PORT("MILLRACE_EVENTBUS_PORT", "0", "TCP port of the clustered event bus (0 = any free port)"),
    INGEST_CAPACITY(
            "MILLRACE_INGEST_CAPACITY",
            null,
            "publishers this ingest node transcodes at once; more are refused with a reason; unset = 1.5 per CPU core, at least 1"),
    TRANSCODE_WORKERS(
            "MILLRACE_TRANSCODE_WORKERS",
            "1",
            "uploads one transcode worker process transcodes at once (each runs the whole ladder on its own thread)"),
    TRANSCODE_LEASE_SECONDS(
            "MILLRACE_TRANSCODE_LEASE_SECONDS",
            "60",
            "lease of a claimed transcoding job, renewed while it runs; a dead worker's job is taken again after it"),
    TRANSCODE_MAX_ATTEMPTS(
            "MILLRACE_TRANSCODE_MAX_ATTEMPTS",
            "3",
            "claims a transcoding job gets (a worker died, storage or the library was down) before it is failed"),
    TRANSCODE_MAX_DURATION_SECONDS(
            "MILLRACE_TRANSCODE_MAX_DURATION_SECONDS",
            "21600",
            "longest upload transcoded, in seconds of media; longer ones fail with a clear error"),
    RECORDING_RETRY_SECONDS(
            "MILLRACE_RECORDING_RETRY_SECONDS",
            "5,30",
            "seconds a failed recording build waits before each further attempt (their count + 1 = attempts)"),
    DEV("MILLRACE_DEV", "false", "development mode: allows CORS *");

    private final String env;
    private final String defaultValue;
    private final String description;

    ConfigVariable(String env, String defaultValue, String description) {
        this.env = env;
        this.defaultValue = defaultValue;
        this.description = description;
    }

    public String env() {
        return env;
    }

    public String defaultValue() {
        return defaultValue;
    }

    public String description() {
        return description;
    }
}
