package org.millrace.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class InternalCallersTest {

    @Test
    void onlyLoopbackLiteralsUnlessRemoteCallersAreAllowed() {
        for (String loopback :
                new String[] {"127.0.0.1", "127.9.8.7", "::1", "[::1]", "0:0:0:0:0:0:0:1", "::ffff:127.0.0.1"}) {
            assertThat(InternalCallers.allows(loopback, false)).as(loopback).isTrue();
        }
        for (String remote : new String[] {
            "192.0.2.2",
            "10.0.0.1",
            "::ffff:10.0.0.1",
            "fd00::2",
            "0.0.0.0",
            "localhost",
            "example.com",
            "cafe",
            "",
            "999.1.1.1",
            "not:an:ip:::x"
        }) {
            assertThat(InternalCallers.allows(remote, false)).as(remote).isFalse();
        }
        assertThat(InternalCallers.allows(null, false)).isFalse();
        assertThat(InternalCallers.allows("192.0.2.2", true)).isTrue();
    }
}
