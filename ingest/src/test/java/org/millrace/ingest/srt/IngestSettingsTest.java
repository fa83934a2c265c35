package org.millrace.ingest.srt;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.millrace.core.config.ConfigLoader;
import org.millrace.srt.listener.SrtListenerLimits;

/** The ingest's settings as a server reads them: capacity, and per-source limits lifted for the trusted front. */
class IngestSettingsTest {
    @TempDir
    Path dir;

    @Test
    void theCapacityIsConfiguredAndTheTrustedFrontIsNotLimitedPerSource() throws Exception {
        IngestSettings settings = IngestSettings.from(new ConfigLoader(Map.of(
                        "MILLRACE_DATA_DIR",
                        dir.toString(),
                        "MILLRACE_INGEST_CAPACITY",
                        "3",
                        "MILLRACE_TRUSTED_PROXIES",
                        "10.1.0.0/16"))
                .load());
        assertThat(settings.capacity()).isEqualTo(3);
        SrtListenerLimits limits = settings.listener().limits();
        assertThat(limits.unlimitedSources().test(InetAddress.getByName("10.1.2.3")))
                .isTrue();
        assertThat(limits.unlimitedSources().test(InetAddress.getByName("10.2.0.1")))
                .isFalse();
        assertThat(limits.connectionsPerSource())
                .isEqualTo(SrtListenerLimits.defaults().connectionsPerSource());
    }

    @Test
    void withoutTrustedProxiesEverySourceIsLimited() throws Exception {
        IngestSettings settings =
                IngestSettings.from(new ConfigLoader(Map.of("MILLRACE_DATA_DIR", dir.toString())).load());
        assertThat(settings.listener().limits().unlimitedSources().test(InetAddress.getByName("127.0.0.1")))
                .isFalse();
        assertThat(settings.capacity()).isGreaterThanOrEqualTo(1);
    }
}
