package org.millrace.server.cluster;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Loopback ports for a cluster's processes, all known before any of them starts (the member list names them). Taken
 * below the kernel's ephemeral range (32768 and up): a port the kernel handed out for a moment, as an ephemeral-port
 * probe does, may be handed to any outgoing connection (Hazelcast opens dozens) before the process meant to listen
 * on it starts a minute later.
 */
final class ClusterPorts {
    private static final int FIRST = 20_000;
    private static final int LAST = 32_000;

    private final Set<Integer> given = new HashSet<>();

    /** A port free now for both TCP and UDP on 127.0.0.1, never given before by this instance. */
    int next() {
        for (int tries = 0; tries < 1000; tries++) {
            int port = ThreadLocalRandom.current().nextInt(FIRST, LAST);
            if (!given.contains(port) && free(port)) {
                given.add(port);
                return port;
            }
        }
        throw new IllegalStateException("no free port in " + FIRST + "-" + LAST);
    }

    private static boolean free(int port) {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        try (ServerSocket tcp = new ServerSocket(port, 1, loopback);
                DatagramSocket udp = new DatagramSocket(port, loopback)) {
            return true;
        } catch (IOException taken) {
            return false;
        }
    }
}
