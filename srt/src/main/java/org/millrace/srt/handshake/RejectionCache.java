package org.millrace.srt.handshake;

import java.net.InetSocketAddress;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.millrace.srt.packet.HandshakePacket;

/**
 * Rejections answered lately, by caller address and socket id, so a caller repeating its conclusion gets the same
 * answer without asking the acceptor again. Bounded in total (the oldest entry makes room) and per source address
 * (past its share a rejection is still answered, just not remembered). Every entry lives equally long, so insertion
 * order is expiry order and expiring costs only what expires. Not thread-safe: the listener's loop owns it.
 */
public final class RejectionCache {
    private final long lifetimeMicros;
    private final int capacity;
    private final int perSource;
    private final LinkedHashMap<Key, Entry> entries = new LinkedHashMap<>();
    private final SourceCounts sources = new SourceCounts();

    private record Key(InetSocketAddress peer, int socketId) {}

    private record Entry(HandshakePacket response, long untilMicros) {}

    public RejectionCache(long lifetimeMicros, int capacity, int perSource) {
        this.lifetimeMicros = lifetimeMicros;
        this.capacity = capacity;
        this.perSource = perSource;
    }

    /** The rejection answered to this caller socket, if it is still remembered. */
    public Optional<HandshakePacket> get(InetSocketAddress peer, int socketId, long nowMicros) {
        Entry e = entries.get(new Key(peer, socketId));
        return e != null && e.untilMicros() > nowMicros ? Optional.of(e.response()) : Optional.empty();
    }

    /** Remembers a rejection; false when its source already holds its share (it is not remembered then). */
    public boolean put(InetSocketAddress peer, int socketId, HandshakePacket response, long nowMicros) {
        Key key = new Key(peer, socketId);
        if (entries.remove(key) != null) {
            sources.decrement(peer.getAddress()); // re-inserted at the end: expiry order stays insertion order
        }
        if (capacity <= 0 || sources.count(peer.getAddress()) >= perSource) {
            return false;
        }
        if (entries.size() >= capacity) {
            removeEldest();
        }
        entries.put(key, new Entry(response, nowMicros + lifetimeMicros));
        sources.increment(peer.getAddress());
        return true;
    }

    /** Drops what has expired: walks only the expired entries at the head. */
    public void expire(long nowMicros) {
        Iterator<Map.Entry<Key, Entry>> it = entries.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<Key, Entry> e = it.next();
            if (e.getValue().untilMicros() > nowMicros) {
                return;
            }
            it.remove();
            sources.decrement(e.getKey().peer().getAddress());
        }
    }

    public int size() {
        return entries.size();
    }

    private void removeEldest() {
        Iterator<Map.Entry<Key, Entry>> it = entries.entrySet().iterator();
        Map.Entry<Key, Entry> eldest = it.next();
        it.remove();
        sources.decrement(eldest.getKey().peer().getAddress());
    }
}
