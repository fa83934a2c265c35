package org.millrace.core.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.minio.Http;
import okhttp3.Protocol;
import org.junit.jupiter.api.Test;

class S3HttpClientsTest {
    @Test
    void plainHttpGetsAClientLikeMinIOsWithoutTlsSetUpAndHttpsKeepsMinIOsDefault() {
        assertThat(S3HttpClients.forPlainHttp("http://minio:9000")).hasValueSatisfying(client -> {
            assertThat(client.protocols()).containsExactly(Protocol.HTTP_1_1);
            assertThat(client.interceptors()).hasExactlyElementsOfTypes(Http.StatusRetryInterceptor.class);
        });
        assertThat(S3HttpClients.forPlainHttp("HTTP://127.0.0.1:9000")).isPresent();
        assertThat(S3HttpClients.forPlainHttp("https://s3.eu-west-1.amazonaws.com"))
                .isEmpty();
    }
}
