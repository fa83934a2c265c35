package org.millrace.srt.handshake;

import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Paces new handshakes per {@link Source}, as nginx's limit_req paces requests: a burst, then a steady rate. Each new
 * conclusion reaches the application's accept decision (a database lookup), so a caller holding a valid cookie must
 * not be able to ask thousands of times a second. At most {@code maxSources} are tracked; the one seen least recently
 * is forgotten first (it starts again with a full burst). Not thread-safe: the listener's loop owns it.
 */
public final class HandshakeRate {
    private final double perSecond;
    private final int burst;
    private final int maxSources;
    private final LinkedHashMap<Source, TokenBucket> buckets = new LinkedHashMap<>(64, 0.75f, true);

    public HandshakeRate(double perSecond, int burst, int maxSources) {
        this.perSecond = perSecond;
        this.burst = burst;
        this.maxSources = maxSources;
    }

    /** Whether a new handshake from {@code address} may go on now. */
    public boolean tryAcquire(InetAddress address, long nowMicros) {
        TokenBucket bucket = buckets.get(Source.of(address));
        if (bucket == null) {
            if (buckets.size() >= maxSources) {
                Map.Entry<Source, TokenBucket> eldest =
                        buckets.entrySet().iterator().next();
                buckets.remove(eldest.getKey());
            }
            bucket = new TokenBucket(perSecond, burst, nowMicros);
            buckets.put(Source.of(address), bucket);
        }
        return bucket.tryTake(nowMicros);
    }
}
