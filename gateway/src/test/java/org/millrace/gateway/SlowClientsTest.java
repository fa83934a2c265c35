package org.millrace.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.HttpResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Slowloris and friends against the real gateway with a 2 s request deadline: a header or body dripped a byte at a
 * time, or a kept-alive connection left idle, is closed soon after the deadline (the idle timeout alone would keep
 * it for ever), while a request the server itself takes long over is answered. Oversized requests and deep JSON are
 * refused before they cost anything.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SlowClientsTest {
    private static final long DEADLINE_MS = 2_000;
    /** The deadline plus room for a loaded machine; the idle timeout (120 s) is far beyond. */
    private static final long CUT_OFF_WITHIN_MS = DEADLINE_MS + 4_000;

    private EchoGateway gateway;

    @BeforeAll
    void start(@TempDir Path data) throws Exception {
        gateway = new EchoGateway(data, Map.of("MILLRACE_HTTP_REQUEST_TIMEOUT_SECONDS", "2"));
    }

    @BeforeEach
    void forget() {
        gateway.received.clear();
    }

    @AfterAll
    void stop() throws Exception {
        gateway.close();
    }

    /**
     * Sends {@code opening}, then {@code drip} every 250 ms until the server closes the connection; answers how long
     * after the opening that took, or fails after 12 s.
     */
    private long closedAfter(String opening, String drip) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", gateway.port)) {
            socket.setSoTimeout(250);
            long start = System.nanoTime();
            EchoGateway.write(socket.getOutputStream(), opening);
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[8192];
            while (System.nanoTime() - start < TimeUnit.SECONDS.toNanos(12)) {
                try {
                    if (in.read(buffer) < 0) {
                        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                    }
                } catch (SocketTimeoutException quiet) {
                    if (drip != null) {
                        EchoGateway.write(socket.getOutputStream(), drip);
                    }
                } catch (IOException reset) {
                    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                }
            }
            throw new AssertionError("the connection was still open after 12 s");
        }
    }

    @Test
    void aHeaderDrippedByteByByteIsCutOff() throws Exception {
        long closed = closedAfter("GET /api/things/1 HTTP/1.1\r\nHost: x\r\n", "X");
        assertThat(closed).isBetween(DEADLINE_MS - 500, CUT_OFF_WITHIN_MS);
        assertThat(gateway.received).isEmpty();
    }

    @Test
    void aBodyDrippedByteByByteIsCutOff() throws Exception {
        long closed = closedAfter(
                "POST /api/things/1 HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                        + "Content-Length: 1000\r\n\r\n{",
                " ");
        assertThat(closed).isBetween(DEADLINE_MS - 500, CUT_OFF_WITHIN_MS);
    }

    @Test
    void anIdleKeptAliveConnectionIsClosedAfterItsAnswer() throws Exception {
        // The answer arrives at once; the connection then waits for a next request that never comes.
        long closed = closedAfter("GET /api/things/1 HTTP/1.1\r\nHost: x\r\n\r\n", null);
        assertThat(closed).isBetween(DEADLINE_MS - 500, CUT_OFF_WITHIN_MS);
        assertThat(closedAfter("", null))
                .as("a connection that never sends anything")
                .isBetween(DEADLINE_MS - 500, CUT_OFF_WITHIN_MS);
    }

    @Test
    void aRequestTheServerTakesLongOverIsAnswered() throws Exception {
        HttpResponse<Buffer> late = gateway.client
                .request(HttpMethod.GET, "/api/slow?ms=" + (2 * DEADLINE_MS))
                .send()
                .await(20, TimeUnit.SECONDS);
        assertThat(late.statusCode()).isEqualTo(200);
    }

    @Test
    void oversizedRequestLinesAndHeadersAreRefusedUpFront() throws Exception {
        String longUri = gateway.raw(
                "GET /api/things/1?q=" + "x".repeat(5_000) + " HTTP/1.1\r\nHost: x\r\n" + "Connection: close\r\n\r\n");
        assertThat(longUri).matches("(?s)HTTP/1\\.[01] 414 .*");
        String bigHeader = gateway.raw("GET /api/things/1 HTTP/1.1\r\nHost: x\r\nConnection: close\r\nX-Big: "
                + "x".repeat(20_000) + "\r\n\r\n");
        assertThat(bigHeader).matches("(?s)HTTP/1\\.[01] 431 .*");
        assertThat(gateway.received).isEmpty();
    }

    @Test
    void deeplyNestedJsonIsRefused() throws Exception {
        String deep = "[".repeat(5_000) + "]".repeat(5_000);
        HttpResponse<Buffer> response = gateway.client
                .request(HttpMethod.POST, "/api/things/1")
                .putHeader("Content-Type", "application/json")
                .sendBuffer(Buffer.buffer(deep))
                .await(10, TimeUnit.SECONDS);
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.bodyAsJsonObject().getJsonObject("error").getString("code"))
                .isEqualTo("invalid_json");
        assertThat(gateway.received).isEmpty();
    }
}
