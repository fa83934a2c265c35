package org.millrace.core.config;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/** Where PostgreSQL is and how to log in; built from a URL or handed over by the embedded database. */
public record DatabaseSettings(String host, int port, String database, String user, String password, int poolSize) {

    public DatabaseSettings {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(user, "user");
        if (port <= 0 || port > 65535) {
            throw new ConfigException("database port out of range: " + port);
        }
        if (poolSize < 1) {
            throw new ConfigException("database pool size must be at least 1");
        }
    }

    /**
     * Parses {@code postgresql://[user[:password]@]host[:port]/database} (a {@code jdbc:} prefix is accepted).
     * Explicit user and password win over the ones in the URL so secrets can live in their own variables.
     */
    public static DatabaseSettings fromUrl(String url, String user, String password, int poolSize) {
        String raw = url.startsWith("jdbc:") ? url.substring(5) : url;
        URI uri;
        try {
            uri = URI.create(raw);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("MILLRACE_DATABASE_URL is not a URL (expected postgresql://host:port/database)");
        }
        if (!"postgresql".equals(uri.getScheme()) && !"postgres".equals(uri.getScheme())) {
            throw new ConfigException("MILLRACE_DATABASE_URL must start with postgresql://");
        }
        if (uri.getHost() == null) {
            throw new ConfigException("MILLRACE_DATABASE_URL has no host");
        }
        String path = uri.getPath() == null ? "" : uri.getPath();
        String database = path.startsWith("/") ? path.substring(1) : path;
        if (database.isEmpty()) {
            throw new ConfigException("MILLRACE_DATABASE_URL has no database name");
        }
        String urlUser = null;
        String urlPassword = null;
        if (uri.getRawUserInfo() != null) {
            String[] parts = uri.getRawUserInfo().split(":", 2);
            urlUser = decode(parts[0]);
            urlPassword = parts.length > 1 ? decode(parts[1]) : null;
        }
        String effectiveUser = user != null ? user : urlUser;
        if (effectiveUser == null) {
            throw new ConfigException("no database user: set MILLRACE_DATABASE_USER or put it in the URL");
        }
        return new DatabaseSettings(
                uri.getHost(),
                uri.getPort() > 0 ? uri.getPort() : 5432,
                database,
                effectiveUser,
                password != null ? password : urlPassword,
                poolSize);
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    /** For logs: everything but the password. */
    @Override
    public String toString() {
        return "postgresql://" + user + "@" + host + ":" + port + "/" + database + " (pool " + poolSize + ")";
    }
}
