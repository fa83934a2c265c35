package org.millrace.srt.receiver;

/** Smoothed round-trip time and its variance from ACK/ACKACK samples (the spec's 7/8 and 3/4 filters). */
public final class RttEstimator {
    private long rttMicros = 100_000;
    private long varianceMicros = 50_000;
    private boolean sampled;

    public void sample(long micros) {
        if (micros <= 0) {
            return;
        }
        if (!sampled) {
            rttMicros = micros;
            varianceMicros = micros / 2;
            sampled = true;
            return;
        }
        varianceMicros = (3 * varianceMicros + Math.abs(rttMicros - micros)) / 4;
        rttMicros = (7 * rttMicros + micros) / 8;
    }

    public long rttMicros() {
        return rttMicros;
    }

    public long varianceMicros() {
        return varianceMicros;
    }
}
