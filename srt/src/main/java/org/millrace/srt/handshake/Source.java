package org.millrace.srt.handshake;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;

/**
 * Where a caller comes from, for per-source limits: its IPv4 address, or its IPv6 /64 (one subscriber's prefix:
 * counting single IPv6 addresses would give one host billions of quotas).
 */
public record Source(boolean v6, long bits) {
    public static Source of(InetAddress address) {
        byte[] b = address.getAddress();
        if (address instanceof Inet6Address) {
            return new Source(true, ByteBuffer.wrap(b).getLong());
        }
        return new Source(false, ByteBuffer.wrap(b).getInt() & 0xFFFF_FFFFL);
    }
}
