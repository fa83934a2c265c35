package org.millrace.core.storage;

import io.minio.Http;
import java.util.List;
import java.util.Optional;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;

/**
 * The HTTP client a MinIO client of a plain-HTTP endpoint gets: MinIO's default one parses every CA certificate under
 * SSL_CERT_FILE and SSL_CERT_DIR on each build (1.2 s of CPU per client on Debian), which plain HTTP never uses.
 */
public final class S3HttpClients {
    private S3HttpClients() {}

    /**
     * What MinIO's default client is (HTTP/1.1, its retry on throttling statuses) without TLS set-up, for an
     * {@code http://} endpoint; empty for any other (https keeps MinIO's default and its certificates).
     */
    public static Optional<OkHttpClient> forPlainHttp(String endpoint) {
        if (!endpoint.regionMatches(true, 0, "http://", 0, 7)) {
            return Optional.empty();
        }
        return Optional.of(new OkHttpClient.Builder()
                .protocols(List.of(Protocol.HTTP_1_1))
                .addInterceptor(new Http.StatusRetryInterceptor())
                .build());
    }
}
