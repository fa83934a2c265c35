package org.millrace.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One address may hold only so many open connections of the real gateway (as nginx's {@code limit_conn}): past the
 * cap a new one is closed at once, and a freed slot is usable again; a trusted proxy, which carries many clients,
 * is not capped.
 */
class ConnectionsPerAddressTest {
    @TempDir
    Path capped;

    @TempDir
    Path proxied;

    @Test
    void anAddressPastItsCapIsClosedAtOnceUntilASlotFrees() throws Exception {
        // Three event loops: the cap is the process's, not each loop's.
        try (EchoGateway gateway = new EchoGateway(
                capped, Map.of("MILLRACE_HTTP_CONNECTIONS_PER_ADDRESS", "5", "MILLRACE_HTTP_EVENT_LOOPS", "3"))) {
            List<Socket> held = open(gateway, 5);
            try {
                for (Socket socket : held) {
                    assertThat(stillOpen(socket)).isTrue();
                }
                // Vert.x hands the connections to the loops in turn: each of the three holds some.
                for (int loop = 0; loop < 3; loop++) {
                    assertThat(gateway.metrics
                                    .registry()
                                    .get("millrace.gateway.connections")
                                    .tag("loop", Integer.toString(loop))
                                    .gauge()
                                    .value())
                            .as("loop " + loop)
                            .isPositive();
                }
                try (Socket sixth = new Socket("127.0.0.1", gateway.port)) {
                    assertThat(stillOpen(sixth)).as("the sixth connection").isFalse();
                }
                held.remove(0).close();
                Thread.sleep(300); // the server sees the close
                try (Socket again = new Socket("127.0.0.1", gateway.port)) {
                    EchoGateway.write(
                            again.getOutputStream(),
                            "GET /api/things/1 HTTP/1.1\r\nHost: x\r\n" + "Connection: close\r\n\r\n");
                    again.setSoTimeout(10_000);
                    assertThat(EchoGateway.readAll(again.getInputStream())).startsWith("HTTP/1.1 200");
                }
            } finally {
                for (Socket socket : held) {
                    socket.close();
                }
            }
        }
    }

    @Test
    void aTrustedProxyIsNotCapped() throws Exception {
        try (EchoGateway gateway = new EchoGateway(
                proxied,
                Map.of("MILLRACE_HTTP_CONNECTIONS_PER_ADDRESS", "2", "MILLRACE_TRUSTED_PROXIES", "127.0.0.1"))) {
            List<Socket> held = open(gateway, 6);
            try {
                for (Socket socket : held) {
                    assertThat(stillOpen(socket)).isTrue();
                }
            } finally {
                for (Socket socket : held) {
                    socket.close();
                }
            }
        }
    }

    private static List<Socket> open(EchoGateway gateway, int count) throws IOException {
        List<Socket> sockets = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            sockets.add(new Socket("127.0.0.1", gateway.port));
        }
        return sockets;
    }

    /** Whether the server keeps the connection for a second without being sent anything. */
    private static boolean stillOpen(Socket socket) throws IOException {
        socket.setSoTimeout(1_000);
        try {
            return socket.getInputStream().read() >= 0;
        } catch (SocketTimeoutException quiet) {
            return true;
        } catch (IOException reset) {
            return false;
        }
    }
}
