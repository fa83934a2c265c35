package org.millrace.srt.handshake;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;

/**
 * How many of something (connections, pending handshakes, cached rejections) each source holds, to cap it per
 * source. A source is an IPv4 address or an IPv6 /64 (one subscriber's prefix: counting single IPv6 addresses would
 * give one host billions of quotas). Sources holding nothing are forgotten, so the map is as big as what it counts.
 */
public final class AddressCounts {
    private final Map<Source, Integer> counts = new HashMap<>();

    private record Source(boolean v6, long bits) {
        static Source of(InetAddress address) {
            byte[] b = address.getAddress();
            if (address instanceof Inet6Address) {
                return new Source(true, ByteBuffer.wrap(b).getLong()); // the /64 prefix
            }
            return new Source(false, ByteBuffer.wrap(b).getInt() & 0xFFFF_FFFFL);
        }
    }

    public int count(InetAddress address) {
        return counts.getOrDefault(Source.of(address), 0);
    }

    public void increment(InetAddress address) {
        counts.merge(Source.of(address), 1, Integer::sum);
    }

    public void decrement(InetAddress address) {
        counts.computeIfPresent(Source.of(address), (k, n) -> n <= 1 ? null : n - 1);
    }

    /** Sources holding at least one. */
    public int sources() {
        return counts.size();
    }
}
