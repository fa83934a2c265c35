package org.millrace.ingest.streams;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The last time a publisher was refused on each stream (a known key: disabled, already live, over the account's
 * publisher cap, wrong passphrase), so the owner's dashboard can say why OBS cannot connect: an SRT rejection code
 * is all a caller sees. In memory, bounded: past {@code capacity} streams the oldest refusal is forgotten.
 */
public final class PublishRefusals {
    /** What the dashboard is told: why, and when. */
    public record Refusal(String reason, Instant at) {
    }

    private final Clock clock;
    private final Duration shownFor;
    private final Map<String, Refusal> byStream;

    public PublishRefusals(Clock clock, Duration shownFor, int capacity) {
        this.clock = clock;
        this.shownFor = shownFor;
        this.byStream = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Refusal> eldest) {
                return size() > capacity;
            }
        };
    }

    public synchronized void refused(String streamId, String reason) {
        byStream.remove(streamId); // re-inserted at the tail: the eldest entry is the oldest refusal
        byStream.put(streamId, new Refusal(reason, clock.instant()));
    }

    /** A publisher got in: older refusals no longer explain anything. */
    public synchronized void cleared(String streamId) {
        byStream.remove(streamId);
    }

    /** The stream's last refusal, while recent. */
    public synchronized Optional<Refusal> last(String streamId) {
        Refusal refusal = byStream.get(streamId);
        if (refusal == null) {
            return Optional.empty();
        }
        if (refusal.at().plus(shownFor).isBefore(clock.instant())) {
            byStream.remove(streamId);
            return Optional.empty();
        }
        return Optional.of(refusal);
    }
}
