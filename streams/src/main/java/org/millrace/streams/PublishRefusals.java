package org.millrace.streams;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The last time a publisher was refused on each stream (a known key: disabled, already live, over the account's
 * publisher cap, wrong passphrase), so the owner's dashboard can say why OBS cannot connect: an SRT rejection code
 * is all a caller sees. In memory, bounded: past {@code capacity} streams the oldest refusal is forgotten. With
 * several streams instances each keeps a full copy, through {@link StreamsStateSync}.
 */
public final class PublishRefusals {
    /** What the dashboard is told: why, and when. */
    public record Refusal(String reason, Instant at) {}

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

    /** Told of each refusal and clearing taken here (refusal null: cleared), not of those from elsewhere. */
    @FunctionalInterface
    public interface ChangeListener {
        void changed(String streamId, Refusal refusal);
    }

    private volatile ChangeListener listener = (streamId, refusal) -> {};

    public void onChange(ChangeListener listener) {
        this.listener = listener;
    }

    public void refused(String streamId, String reason) {
        Refusal refusal = new Refusal(reason, clock.instant());
        put(streamId, refusal);
        listener.changed(streamId, refusal);
    }

    /** A publisher got in: older refusals no longer explain anything. */
    public void cleared(String streamId) {
        remove(streamId);
        listener.changed(streamId, null);
    }

    /** A refusal or clearing another instance took. */
    public void changedElsewhere(RefusalChange change) {
        if (change.clears()) {
            remove(change.streamId());
        } else {
            put(change.streamId(), new Refusal(change.reason(), change.at()));
        }
    }

    private synchronized void put(String streamId, Refusal refusal) {
        byStream.remove(streamId); // re-inserted at the tail: the eldest entry is the oldest refusal
        byStream.put(streamId, refusal);
    }

    private synchronized void remove(String streamId) {
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
