package org.millrace.srt.handshake;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.millrace.srt.packet.HandshakePacket;
import org.millrace.srt.peer.RawSrtCaller;

class RejectionCacheTest {
    private static final HandshakePacket ANSWER = RawSrtCaller.conclusion(1, 0, "x", Optional.empty());

    private static InetSocketAddress peer(String ip, int port) {
        return new InetSocketAddress(ip, port);
    }

    @Test
    void eachSourceKeepsOnlyItsShare() {
        RejectionCache cache = new RejectionCache(1_000, 100, 3);
        for (int i = 0; i < 10; i++) {
            cache.put(peer("10.0.0.1", 1000 + i), i, ANSWER, 0);
        }
        assertThat(cache.size()).isEqualTo(3);
        assertThat(cache.put(peer("10.0.0.2", 1000), 1, ANSWER, 0)).isTrue();
        // IPv6 callers are one source per /64.
        for (int i = 0; i < 10; i++) {
            cache.put(peer("2001:db8::" + Integer.toHexString(i + 1), 1000), i, ANSWER, 0);
        }
        assertThat(cache.size()).isEqualTo(7);
    }

    @Test
    void theOldestMakesRoomAndExpiryFollowsInsertion() {
        RejectionCache cache = new RejectionCache(1_000, 4, 10);
        for (int i = 0; i < 6; i++) {
            cache.put(peer("10.0.0." + (i + 1), 1000), 7, ANSWER, i * 100);
        }
        assertThat(cache.size()).isEqualTo(4);
        assertThat(cache.get(peer("10.0.0.1", 1000), 7, 500)).isEmpty();
        assertThat(cache.get(peer("10.0.0.3", 1000), 7, 500)).contains(ANSWER);
        cache.expire(1_350); // entries made at 200 and 300 have expired
        assertThat(cache.size()).isEqualTo(2);
        assertThat(cache.get(peer("10.0.0.5", 1000), 7, 1_350)).contains(ANSWER);
        // Freed shares are given back: the source may be remembered again.
        cache.expire(10_000);
        assertThat(cache.size()).isZero();
        assertThat(cache.put(peer("10.0.0.1", 1000), 8, ANSWER, 10_000)).isTrue();
    }
}
