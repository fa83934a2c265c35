package org.millrace.server;

import java.net.DatagramSocket;
import java.net.ServerSocket;

/** Test helper: a port free right now, for a process whose URL must be known before it starts. */
public final class FreePorts {
    private FreePorts() {}

    public static int udp() throws Exception {
        try (DatagramSocket probe = new DatagramSocket(0)) {
            return probe.getLocalPort();
        }
    }

    public static int tcp() throws Exception {
        try (ServerSocket probe = new ServerSocket(0)) {
            return probe.getLocalPort();
        }
    }
}
