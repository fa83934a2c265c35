package org.millrace.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.millrace.core.config.ConfigLoader;
import org.millrace.core.config.MillraceConfig;

class ServicePlanTest {
    @TempDir
    Path data;

    private MillraceConfig config(String... pairs) {
        Map<String, String> env = new HashMap<>(Map.of("MILLRACE_DATA_DIR", data.toString()));
        for (int i = 0; i < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        return new ConfigLoader(env).load();
    }

    @Test
    void theAllInOneServerHasEveryDutyAndTheEmbeddedDatabase() {
        ServicePlan plan = ServicePlan.of(config());
        assertThat(plan.needsDatabase()).isTrue();
        assertThat(plan.needsStorage()).isTrue();
        assertThat(plan.embeddedDatabase()).isTrue();
        assertThat(plan.schemaModules()).containsExactly("core", "auth", "streams", "recorder", "vod", "uploads");
    }

    @Test
    void aGatewayOrIngestAloneNeedsNoDatabaseButStorage() {
        for (String role : new String[] {"gateway", "ingest"}) {
            ServicePlan plan = ServicePlan.of(config("MILLRACE_SERVICES", role));
            assertThat(plan.needsDatabase()).as(role).isFalse();
            assertThat(plan.embeddedDatabase()).as(role).isFalse();
            assertThat(plan.schemaModules()).as(role).isEmpty();
            assertThat(plan.needsStorage()).as(role).isTrue();
        }
    }

    @Test
    void authAndStreamsNeedTheDatabaseNotStorageAndMigrateOnlyTheirModules() {
        ServicePlan plan = ServicePlan.of(config(
                "MILLRACE_SERVICES",
                "auth,streams",
                "MILLRACE_DATABASE_URL",
                "postgresql://millrace@db:5432/millrace"));
        assertThat(plan.needsStorage()).isFalse();
        assertThat(plan.embeddedDatabase()).isFalse();
        assertThat(plan.schemaModules()).containsExactly("core", "auth", "streams");
    }

    @Test
    void aPartialSetNeedingTheDatabaseWithoutItsUrlStopsNamingTheVariable() {
        assertThatThrownBy(() -> ServicePlan.of(config("MILLRACE_SERVICES", "auth,vod")))
                .isInstanceOf(StartupException.class)
                .hasMessageContaining("MILLRACE_DATABASE_URL")
                .hasMessageContaining("auth, vod");
    }

    @Test
    void everyServiceOnAClusterStillNeedsASharedDatabase() {
        assertThatThrownBy(() -> ServicePlan.of(config("MILLRACE_CLUSTER_MEMBERS", "127.0.0.1:5701")))
                .isInstanceOf(StartupException.class)
                .hasMessageContaining("MILLRACE_DATABASE_URL");
    }

    @Test
    void aRecorderWithoutAGatewayNeedsTheImportUrl() {
        assertThatThrownBy(() -> ServicePlan.of(config(
                        "MILLRACE_SERVICES",
                        "recorder",
                        "MILLRACE_DATABASE_URL",
                        "postgresql://millrace@db:5432/millrace")))
                .isInstanceOf(StartupException.class)
                .hasMessageContaining("MILLRACE_VOD_IMPORT_URL");
        assertThat(ServicePlan.of(config(
                                "MILLRACE_SERVICES",
                                "recorder",
                                "MILLRACE_DATABASE_URL",
                                "postgresql://millrace@db:5432/millrace",
                                "MILLRACE_VOD_IMPORT_URL",
                                "http://gateway:8080"))
                        .schemaModules())
                .containsExactly("core", "recorder");
        assertThat(ServicePlan.of(config(
                                "MILLRACE_SERVICES",
                                "recorder,gateway",
                                "MILLRACE_DATABASE_URL",
                                "postgresql://millrace@db:5432/millrace"))
                        .runs(org.millrace.core.config.ServiceRole.RECORDER))
                .isTrue();
    }
}
