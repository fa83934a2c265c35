package org.millrace.srt.listener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** How much one connection may hold: from its agreed latency and the bitrate buffers are sized for. */
class ReceiveWindowTest {
    @Test
    void theWindowCoversTheLatencyAndHalfASecondAtTheMaximumBitrate() {
        assertThat(ReceiveWindow.packets(120, 100_000_000L)).isEqualTo(5889);
        assertThat(ReceiveWindow.packets(5000, 100_000_000L)).isEqualTo(52_244);
        assertThat(ReceiveWindow.packets(0, 1_000_000L)).isEqualTo(1024); // the floor
    }

    @Test
    void theConfigurationRefusesALatencyAboveItsCap() {
        SrtListenerConfig defaults = SrtListenerConfig.defaults("127.0.0.1", 0);
        assertThat(defaults.maxLatency()).isEqualTo(Duration.ofSeconds(5));
        assertThatThrownBy(() -> defaults.withBufferLimits(Duration.ofMillis(100), 100_000_000L, 1 << 20))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(defaults.withLatency(Duration.ofSeconds(8)).maxLatency()).isEqualTo(Duration.ofSeconds(8));
        assertThatThrownBy(() -> defaults.withBufferLimits(Duration.ofSeconds(1), 100_000_000L, 100))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
