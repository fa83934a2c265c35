package org.millrace.srt.handshake;

/** A token bucket on the caller's microsecond clock: {@code burst} at once, then {@code perSecond}. Not thread-safe. */
public final class TokenBucket {
    private final double perMicro;
    private final double burst;
    private double tokens;
    private long lastMicros;

    public TokenBucket(double perSecond, int burst, long nowMicros) {
        this.perMicro = perSecond / 1_000_000;
        this.burst = burst;
        this.tokens = burst;
        this.lastMicros = nowMicros;
    }

    /** Takes one token if there is one. */
    public boolean tryTake(long nowMicros) {
        if (nowMicros > lastMicros) {
            tokens = Math.min(burst, tokens + (nowMicros - lastMicros) * perMicro);
            lastMicros = nowMicros;
        }
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }
}
