package org.millrace.core.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An S3 endpoint that accepts connections and then never answers (a hung MinIO, a black-holed network): every call
 * fails within the storage's timeouts instead of the client's 5-minute default, so the transcoder's uploader
 * notices storage is down and spools.
 */
class S3TimeoutTest {
    @Test
    void aSilentEndpointFailsWithinTheTimeouts() throws Exception {
        List<Socket> held = new ArrayList<>();
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        held.add(silent.accept()); // read nothing, answer nothing
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            S3Settings settings = new S3Settings(
                    "http://127.0.0.1:" + silent.getLocalPort(), "AKTEST", "secret", "live", "us-east-1");
            long start = System.nanoTime();
            assertTimeoutPreemptively(Duration.ofSeconds(20), () -> assertThatThrownBy(() -> new S3Storage(
                            settings, S3Storage.DEFAULT_LIST_PAGE_SIZE, Duration.ofSeconds(1), Duration.ofSeconds(1)))
                    .isInstanceOf(StorageException.class));
            assertThat((System.nanoTime() - start) / 1e9).as("seconds to fail").isLessThan(20);
        } finally {
            for (Socket s : held) {
                s.close();
            }
        }
    }
}
