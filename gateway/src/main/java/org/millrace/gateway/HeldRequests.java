package org.millrace.gateway;

import java.util.HashMap;
import java.util.Map;

/**
 * The bound on requests held open waiting for the live edge (LL-HLS blocking playlist reloads and preload-hinted
 * parts): at most {@code maxTotal} in the process and {@code maxPerAddress} per client address, so a client cannot
 * hold the gateway's memory or sockets hostage. Counts only; the holders release what they were admitted.
 * Thread-safe.
 */
final class HeldRequests {
    /** Why a request was not admitted. */
    enum Refusal {
        NONE,
        CLIENT_FULL,
        PROCESS_FULL
    }

    private final int maxTotal;
    private final int maxPerAddress;
    private final Map<String, Integer> perAddress = new HashMap<>();
    private int total;
    private long refused;

    HeldRequests(int maxTotal, int maxPerAddress) {
        if (maxTotal < 1 || maxPerAddress < 1) {
            throw new IllegalArgumentException("bounds must be positive");
        }
        this.maxTotal = maxTotal;
        this.maxPerAddress = maxPerAddress;
    }

    /** Admits one more held request of {@code address}, or says why not. */
    synchronized Refusal admit(String address) {
        String key = address == null ? "" : address;
        int held = perAddress.getOrDefault(key, 0);
        if (held >= maxPerAddress || total >= maxTotal) {
            refused++;
            return held >= maxPerAddress ? Refusal.CLIENT_FULL : Refusal.PROCESS_FULL;
        }
        perAddress.put(key, held + 1);
        total++;
        return Refusal.NONE;
    }

    synchronized void release(String address) {
        String key = address == null ? "" : address;
        Integer held = perAddress.get(key);
        if (held == null) {
            return;
        }
        if (held <= 1) {
            perAddress.remove(key);
        } else {
            perAddress.put(key, held - 1);
        }
        total--;
    }

    synchronized int total() {
        return total;
    }

    synchronized long refused() {
        return refused;
    }
}
