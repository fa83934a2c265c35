package org.millrace.core.config;

/**
 * The reverse proxies (nginx) whose {@code X-Forwarded-For} names the client ({@code MILLRACE_TRUSTED_PROXIES}:
 * addresses or CIDR ranges). Without them, rate limits and view counting behind a proxy would see one client.
 */
public final class TrustedProxies {
    public static final TrustedProxies NONE = new TrustedProxies(AddressRanges.NONE);

    private final AddressRanges ranges;

    private TrustedProxies(AddressRanges ranges) {
        this.ranges = ranges;
    }

    /** "10.0.0.0/8, 127.0.0.1 fd00::/8"; blank is none. */
    public static TrustedProxies parse(String value) {
        AddressRanges ranges = AddressRanges.parse(value);
        return ranges.isEmpty() ? NONE : new TrustedProxies(ranges);
    }

    public boolean isEmpty() {
        return ranges.isEmpty();
    }

    public boolean trusts(String address) {
        return ranges.contains(address);
    }

    /**
     * The client of a request that came from {@code peer} with this {@code X-Forwarded-For}: the peer itself unless
     * it is trusted; else, walking the header from the right (each proxy appends who called it), the first address
     * that is not a trusted proxy. What a client wrote into the header itself stands further left and is never
     * reached unless every hop after it is trusted.
     */
    public String client(String peer, String forwardedFor) {
        if (peer == null || forwardedFor == null || ranges.isEmpty() || !trusts(peer)) {
            return peer;
        }
        String last = peer;
        String[] hops = forwardedFor.split(",");
        for (int i = hops.length - 1; i >= 0; i--) {
            String hop = hops[i].trim();
            if (!AddressRanges.isLiteral(hop)) {
                return last; // garbage a client wrote: the hop that reported it is all we know
            }
            if (!trusts(hop)) {
                return hop;
            }
            last = hop;
        }
        return last;
    }

    @Override
    public String toString() {
        return ranges.toString();
    }
}
