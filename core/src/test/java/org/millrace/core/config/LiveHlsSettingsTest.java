package org.millrace.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.millrace.hls.LowLatency;

class LiveHlsSettingsTest {
    @Test
    void theDefaultsAreOneSecondSegmentsATwoHourWindowAndFifthOfASecondParts() {
        LiveHlsSettings hls = LiveHlsSettings.defaults();
        assertThat(hls.segmentTarget()).isEqualTo(Duration.ofSeconds(1));
        assertThat(hls.dvrWindow()).isEqualTo(Duration.ofHours(2));
        assertThat(hls.lowLatency()).isEqualTo(new LowLatency(Duration.ofMillis(200), 3, Duration.ofSeconds(6)));
    }

    @Test
    void deltaUpdatesSkipUpToSixTargetDurationsOfWhateverTheSegmentTargetIs() {
        assertThat(LiveHlsSettings.defaults()
                        .withSegmentTarget(Duration.ofSeconds(2))
                        .lowLatency()
                        .canSkipUntil())
                .isEqualTo(Duration.ofSeconds(12));
    }

    @Test
    void partsLongerThanASegmentOrWindowsShorterThanTheSkipHorizonAreRefused() {
        assertThatThrownBy(() -> LiveHlsSettings.defaults().withPartTarget(Duration.ofSeconds(3)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LiveHlsSettings.defaults().withPartTarget(Duration.ofMillis(50)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() ->
                        new LiveHlsSettings(Duration.ofSeconds(2), Duration.ofSeconds(10), Duration.ofMillis(200), 3))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
