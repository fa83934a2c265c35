package org.millrace.core.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ClientAddressKeyTest {
    @Test
    void ipv4IsCountedAsItIs() {
        assertThat(ClientAddressKey.of("203.0.113.7")).isEqualTo("203.0.113.7");
        assertThat(ClientAddressKey.of("203.000.113.007")).isEqualTo("203.0.113.7");
    }

    @Test
    void ipv4MappedIpv6IsCountedAsTheIpv4Address() {
        assertThat(ClientAddressKey.of("::ffff:203.0.113.7")).isEqualTo("203.0.113.7");
        assertThat(ClientAddressKey.of("0:0:0:0:0:ffff:cb00:7107")).isEqualTo("203.0.113.7");
        assertThat(ClientAddressKey.of("[::ffff:203.0.113.7]")).isEqualTo("203.0.113.7");
    }

    @Test
    void ipv6IsCountedByItsSlash64() {
        String key = ClientAddressKey.of("2001:db8:aa:bb:1:2:3:4");
        assertThat(key).isEqualTo("2001:db8:aa:bb:0:0:0:0/64");
        assertThat(ClientAddressKey.of("2001:0db8:00aa:00bb:ffff:ffff:ffff:ffff"))
                .isEqualTo(key);
        assertThat(ClientAddressKey.of("[2001:db8:aa:bb::9]")).isEqualTo(key);
        assertThat(ClientAddressKey.of("2001:db8:aa:bb::9%eth0")).isEqualTo(key);
        assertThat(ClientAddressKey.of("2001:db8:aa:bc::9")).isNotEqualTo(key);
        assertThat(ClientAddressKey.of("::1")).isEqualTo("0:0:0:0:0:0:0:0/64");
    }

    @Test
    void anythingElseIsKeptShortAndNeverLookedUp() {
        assertThat(ClientAddressKey.of(null)).isEqualTo(ClientAddressKey.UNKNOWN);
        assertThat(ClientAddressKey.of("")).isEqualTo(ClientAddressKey.UNKNOWN);
        assertThat(ClientAddressKey.of("localhost")).isEqualTo("localhost");
        assertThat(ClientAddressKey.of("999.1.1.1")).isEqualTo("999.1.1.1");
        assertThat(ClientAddressKey.of("x".repeat(1000))).hasSize(45);
        assertThat(ClientAddressKey.of("12:34")).isEqualTo("12:34");
    }
}
