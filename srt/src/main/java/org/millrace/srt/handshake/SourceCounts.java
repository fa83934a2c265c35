package org.millrace.srt.handshake;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;

/**
 * How many of something (connections, pending handshakes, cached rejections) each {@link Source} holds, to cap it
 * per source. Sources holding nothing are forgotten, so the map is as big as what it counts. Not thread-safe.
 */
public final class SourceCounts {
    private final Map<Source, Integer> counts = new HashMap<>();

    public int count(InetAddress address) {
        return counts.getOrDefault(Source.of(address), 0);
    }

    public void increment(InetAddress address) {
        counts.merge(Source.of(address), 1, Integer::sum);
    }

    public void decrement(InetAddress address) {
        counts.computeIfPresent(Source.of(address), (k, n) -> n <= 1 ? null : n - 1);
    }
}
