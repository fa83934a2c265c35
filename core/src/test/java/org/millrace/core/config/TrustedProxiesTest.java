package org.millrace.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TrustedProxiesTest {
    private final TrustedProxies nginx = TrustedProxies.parse("127.0.0.1, 10.0.0.0/8 fd00::/8");

    @Test
    void parsesAddressesAndRanges() {
        assertThat(nginx.trusts("127.0.0.1")).isTrue();
        assertThat(nginx.trusts("127.0.0.2")).isFalse();
        assertThat(nginx.trusts("10.200.3.4")).isTrue();
        assertThat(nginx.trusts("11.0.0.1")).isFalse();
        assertThat(nginx.trusts("fd12:3456::1")).isTrue();
        assertThat(nginx.trusts("[fd12:3456::1]")).isTrue();
        assertThat(nginx.trusts("fe80::1")).isFalse();
        assertThat(TrustedProxies.parse("172.16.0.0/12").trusts("172.31.255.255"))
                .isTrue();
        assertThat(TrustedProxies.parse("172.16.0.0/12").trusts("172.32.0.0")).isFalse();
        assertThat(TrustedProxies.parse("0.0.0.0/0").trusts("203.0.113.9")).isTrue();
        assertThat(TrustedProxies.parse(" ").isEmpty()).isTrue();
        assertThat(TrustedProxies.parse(null)).isSameAs(TrustedProxies.NONE);
        assertThat(nginx).hasToString("127.0.0.1,10.0.0.0/8,fd00::/8");
    }

    @Test
    void refusesWhatIsNotAnAddressWithoutLookingItUp() {
        for (String bad :
                new String[] {"nginx", "example.com", "999.1.1.1", "10.0.0.0/33", "10.0.0.0/x", "1.2.3", "::1/129"}) {
            assertThatThrownBy(() -> TrustedProxies.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(nginx.trusts("localhost")).isFalse();
        assertThat(nginx.trusts(null)).isFalse();
    }

    @Test
    void theClientIsThePeerUnlessThePeerIsATrustedProxy() {
        assertThat(nginx.client("203.0.113.9", "198.51.100.1"))
                .as("a client's own header is ignored")
                .isEqualTo("203.0.113.9");
        assertThat(nginx.client("127.0.0.1", null)).isEqualTo("127.0.0.1");
        assertThat(TrustedProxies.NONE.client("127.0.0.1", "198.51.100.1")).isEqualTo("127.0.0.1");
    }

    @Test
    void walksTheChainFromTheRightToTheFirstUntrustedHop() {
        assertThat(nginx.client("127.0.0.1", "198.51.100.1")).isEqualTo("198.51.100.1");
        // What a client wrote itself stands left of the address nginx appended: never reached.
        assertThat(nginx.client("127.0.0.1", "1.1.1.1, 198.51.100.1")).isEqualTo("198.51.100.1");
        // Through two trusted proxies.
        assertThat(nginx.client("127.0.0.1", "198.51.100.1, 10.1.2.3")).isEqualTo("198.51.100.1");
        // Only trusted hops: the one furthest away.
        assertThat(nginx.client("127.0.0.1", "10.0.0.7, 10.1.2.3")).isEqualTo("10.0.0.7");
        // Garbage in the header: the hop that reported it.
        assertThat(nginx.client("127.0.0.1", "evil.example, 10.1.2.3")).isEqualTo("10.1.2.3");
        assertThat(nginx.client("127.0.0.1", "2001:db8::5")).isEqualTo("2001:db8::5");
    }
}
