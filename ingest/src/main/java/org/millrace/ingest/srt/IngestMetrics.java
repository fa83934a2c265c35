package org.millrace.ingest.srt;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;
import org.millrace.srt.listener.ListenerCounters;
import org.millrace.srt.receiver.BufferBudget;
import org.millrace.srt.receiver.ReceiverStatistics;

/**
 * The SRT ingest's meters: listener-wide counters, and per publisher (tagged {@code stream} with the stream's public
 * id, never its key) the receiver's counters and gauges, removed when the publisher leaves.
 */
final class IngestMetrics {
    static final String PREFIX = "millrace.srt.";
    private final MeterRegistry registry;

    IngestMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    List<Meter> bindListener(ListenerCounters counters) {
        List<Meter> meters = new ArrayList<>();
        meters.add(listenerCounter("datagrams", "UDP datagrams received", counters, ListenerCounters::datagrams));
        meters.add(listenerCounter(
                "malformed", "datagrams that were not SRT packets", counters, ListenerCounters::malformed));
        meters.add(listenerCounter(
                "unknown.socket", "packets for a socket id we do not have", counters, ListenerCounters::unknownSocket));
        meters.add(listenerCounter(
                "wrong.peer", "packets for a connection from another address", counters, ListenerCounters::wrongPeer));
        meters.add(listenerCounter(
                "bad.cookie", "conclusion handshakes with a bad SYN cookie", counters, ListenerCounters::badCookie));
        meters.add(listenerCounter("rejected", "handshakes rejected", counters, ListenerCounters::rejected));
        meters.add(listenerCounter("accepted", "connections accepted", counters, ListenerCounters::accepted));
        meters.add(
                listenerCounter("errors", "unexpected errors handling a packet", counters, ListenerCounters::errors));
        meters.add(listenerCounter(
                "source.limited",
                "handshakes refused by a per-source limit",
                counters,
                ListenerCounters::sourceLimited));
        meters.add(listenerCounter(
                "key.derivations", "passphrase key derivations run", counters, ListenerCounters::keyDerivations));
        meters.add(listenerCounter(
                "key.derivations.refused",
                "encrypted handshakes refused: derivation queue full",
                counters,
                ListenerCounters::keyDerivationsRefused));
        meters.add(listenerCounter(
                "key.material.dropped",
                "in-band key material requests dropped",
                counters,
                ListenerCounters::keyMaterialDropped));
        meters.add(listenerCounter(
                "key.material.refused",
                "in-band key material requests refused",
                counters,
                ListenerCounters::keyMaterialRefused));
        return meters;
    }

    /** The receive-buffer memory all publishers share: held now, and packets refused because it was spent. */
    List<Meter> bindBufferBudget(BufferBudget budget) {
        return List.of(
                Gauge.builder(PREFIX + "listener.buffer.held", budget, BufferBudget::usedBytes)
                        .baseUnit("bytes")
                        .description("bytes held in all publishers' receive buffers (2 KiB per packet)")
                        .register(registry),
                FunctionCounter.builder(PREFIX + "listener.buffer.refused", budget, BufferBudget::refusedPackets)
                        .description("packets refused because the receive-buffer budget was spent")
                        .register(registry));
    }

    private Meter listenerCounter(
            String name, String description, ListenerCounters counters, ToDoubleFunction<ListenerCounters> value) {
        return FunctionCounter.builder(PREFIX + "listener." + name, counters, value)
                .description(description)
                .register(registry);
    }

    /** The meters of one publisher; {@code stats} is read at each scrape. */
    List<Meter> bindConnection(String streamId, Supplier<ReceiverStatistics> stats, Supplier<Long> sinkOverflow) {
        Tags tags = Tags.of("stream", streamId);
        List<Meter> meters = new ArrayList<>();
        meters.add(counter("packets.received", "data packets received", tags, stats, s -> s.packetsReceived()));
        meters.add(
                FunctionCounter.builder(PREFIX + "received", stats, s -> s.get().bytesReceived())
                        .baseUnit("bytes")
                        .description("payload bytes received")
                        .tags(tags)
                        .register(registry));
        meters.add(counter("packets.lost", "packets found missing", tags, stats, s -> s.packetsLost()));
        meters.add(counter(
                "packets.retransmitted", "retransmitted packets received", tags, stats, s -> s.packetsRetransmitted()));
        meters.add(counter(
                "packets.dropped",
                "packets given up on (too late or dropped by the sender)",
                tags,
                stats,
                s -> s.packetsDropped()));
        meters.add(FunctionCounter.builder(PREFIX + "sink.overflow", sinkOverflow, s -> s.get())
                .baseUnit("bytes")
                .description("bytes dropped because the live sink fell behind")
                .tags(tags)
                .register(registry));
        meters.add(gauge("rtt", "round-trip time", "milliseconds", tags, stats, ReceiverStatistics::rttMillis));
        meters.add(gauge(
                "bitrate",
                "receive rate",
                "bits.per.second",
                tags,
                stats,
                ReceiverStatistics::receiveRateBitsPerSecond));
        meters.add(gauge("buffer", "play time buffered", "milliseconds", tags, stats, s -> s.bufferedMillis()));
        meters.add(gauge("buffer.packets", "packets buffered", null, tags, stats, s -> s.bufferedPackets()));
        return meters;
    }

    private Meter counter(
            String name,
            String description,
            Tags tags,
            Supplier<ReceiverStatistics> stats,
            ToDoubleFunction<ReceiverStatistics> value) {
        return FunctionCounter.builder(PREFIX + name, stats, s -> value.applyAsDouble(s.get()))
                .description(description)
                .tags(tags)
                .register(registry);
    }

    private Meter gauge(
            String name,
            String description,
            String unit,
            Tags tags,
            Supplier<ReceiverStatistics> stats,
            ToDoubleFunction<ReceiverStatistics> value) {
        return Gauge.builder(PREFIX + name, stats, s -> value.applyAsDouble(s.get()))
                .description(description)
                .baseUnit(unit)
                .tags(tags)
                .register(registry);
    }

    void remove(List<Meter> meters) {
        meters.forEach(registry::remove);
    }
}
