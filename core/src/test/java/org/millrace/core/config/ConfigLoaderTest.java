package org.millrace.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    @TempDir
    Path data;

    private Map<String, String> env(String... pairs) {
        Map<String, String> env = new HashMap<>();
        env.put("MILLRACE_DATA_DIR", data.toString());
        for (int i = 0; i < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        return env;
    }

    @Test
    void defaultsAreTheDocumentedOnes() {
        MillraceConfig config = new ConfigLoader(env()).load();
        assertThat(config.httpPort()).isEqualTo(8080);
        assertThat(config.srtPort()).isEqualTo(8890);
        assertThat(config.database()).isEmpty();
        assertThat(config.s3()).isEmpty();
        assertThat(config.storageBucket()).isEqualTo("millrace");
        assertThat(config.publicUrl()).hasToString("http://localhost:8080");
        assertThat(config.corsOrigins()).isEmpty();
        assertThat(config.maxBodyBytes()).isEqualTo(1_048_576);
        assertThat(config.storageRoot()).isEqualTo(data.resolve("storage"));
        assertThat(config.embeddedDatabaseDir()).isEqualTo(data.resolve("postgres"));
        assertThat(config.loginLimits()).isEqualTo(new LoginLimits(30, 10, 50));
        assertThat(config.maxPublishersPerAccount()).isEqualTo(5);
    }

    @Test
    void publishersPerAccountCanBeSetAndMustBePositive() {
        assertThat(new ConfigLoader(env("MILLRACE_MAX_PUBLISHERS_PER_ACCOUNT", "2"))
                        .load()
                        .maxPublishersPerAccount())
                .isEqualTo(2);
        assertThatThrownBy(() -> new ConfigLoader(env("MILLRACE_MAX_PUBLISHERS_PER_ACCOUNT", "0")).load())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("MILLRACE_MAX_PUBLISHERS_PER_ACCOUNT");
    }

    @Test
    void recordingRetriesDefaultToFiveAndThirtySecondsAndRefuseNonsense() {
        assertThat(new ConfigLoader(env()).load().recordingRetryDelays())
                .containsExactly(Duration.ofSeconds(5), Duration.ofSeconds(30));
        assertThat(new ConfigLoader(env("MILLRACE_RECORDING_RETRY_SECONDS", " 1, 2,0"))
                        .load()
                        .recordingRetryDelays())
                .containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ZERO);
        for (String bad : List.of("5,", "-1", "5;30", "1,1,1,1,1,1,1,1,1,1,1", "2s")) {
            assertThatThrownBy(() -> new ConfigLoader(env("MILLRACE_RECORDING_RETRY_SECONDS", bad)).load())
                    .as(bad)
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("MILLRACE_RECORDING_RETRY_SECONDS");
        }
    }

    @Test
    void uploadSpoolLimitsHaveDefaultsAndRefuseNonsense() {
        assertThat(new ConfigLoader(env()).load().uploadSpool()).isEqualTo(UploadSpoolLimits.defaults());
        MillraceConfig config = new ConfigLoader(env(
                        "MILLRACE_SPOOL_MAX_MB",
                        "100",
                        "MILLRACE_SPOOL_MAX_MB_PER_STREAM",
                        "10",
                        "MILLRACE_SPOOL_MAX_AGE_SECONDS",
                        "30"))
                .load();
        assertThat(config.uploadSpool())
                .isEqualTo(new UploadSpoolLimits(100L << 20, 10L << 20, Duration.ofSeconds(30)));
        assertThatThrownBy(() -> new ConfigLoader(env("MILLRACE_SPOOL_MAX_MB_PER_STREAM", "0")).load())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("MILLRACE_SPOOL_MAX_MB_PER_STREAM");
        assertThatThrownBy(() -> new ConfigLoader(env("MILLRACE_SPOOL_MAX_AGE_SECONDS", "soon")).load())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("MILLRACE_SPOOL_MAX_AGE_SECONDS");
    }

    @Test
    void thePartTargetDefaultsToAFifthOfASecondAndStaysInRange() {
        assertThat(new ConfigLoader(env()).load().liveHls().partTarget()).isEqualTo(Duration.ofMillis(200));
        assertThat(new ConfigLoader(env("MILLRACE_HLS_PART_MS", "500"))
                        .load()
                        .liveHls()
                        .partTarget())
                .isEqualTo(Duration.ofMillis(500));
        assertThatThrownBy(() -> new ConfigLoader(env("MILLRACE_HLS_PART_MS", "50")).load())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("MILLRACE_HLS_PART_MS");
        assertThatThrownBy(() -> new ConfigLoader(env("MILLRACE_HLS_PART_MS", "2000")).load())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("MILLRACE_HLS_PART_MS");
        assertThat(new ConfigLoader(env()).load().liveHls().segmentTarget()).isEqualTo(Duration.ofSeconds(1));
        assertThat(new ConfigLoader(env("MILLRACE_HLS_SEGMENT_MS", "2000"))
                        .load()
                        .liveHls()
                        .segmentTarget())
                .isEqualTo(Duration.ofSeconds(2));
        for (String bad : List.of("999", "6001", "x", "-1")) {
            assertThatThrownBy(() -> new ConfigLoader(env("MILLRACE_HLS_SEGMENT_MS", bad)).load())
                    .as(bad)
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("MILLRACE_HLS_SEGMENT_MS");
        }
    }

    @Test
    void loginLimitsCanBeRaisedOrLowered() {
        MillraceConfig config = new ConfigLoader(env(
                        "MILLRACE_LOGIN_ATTEMPTS_PER_IP",
                        "1000",
                        "MILLRACE_LOGIN_FAILURES_PER_ACCOUNT",
                        "3",
                        "MILLRACE_LOGIN_FAILURES_PER_ACCOUNT_PER_DAY",
                        "7"))
                .load();
        assertThat(config.loginLimits()).isEqualTo(new LoginLimits(1000, 3, 7));
        assertThatThrownBy(() -> new ConfigLoader(env("MILLRACE_LOGIN_ATTEMPTS_PER_IP", "0")).load())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("MILLRACE_LOGIN_ATTEMPTS_PER_IP");
    }

    @Test
    void metricsAreForLoopbackUnlessConfiguredAndRequestsHaveADeadline() {
        MillraceConfig defaults = new ConfigLoader(env()).load();
        assertThat(defaults.metricsAllow().contains("127.0.0.1")).isTrue();
        assertThat(defaults.metricsAllow().contains("::1")).isTrue();
        assertThat(defaults.metricsAllow().contains("10.0.0.5")).isFalse();
        assertThat(defaults.httpRequestTimeout()).hasSeconds(30);
        assertThat(defaults.httpConnectionsPerAddress()).isEqualTo(256);

        MillraceConfig configured = new ConfigLoader(
                        env("MILLRACE_METRICS_ALLOW", "10.0.0.0/8", "MILLRACE_HTTP_REQUEST_TIMEOUT_SECONDS", "5"))
                .load();
        assertThat(configured.metricsAllow().contains("10.0.0.5")).isTrue();
        assertThat(configured.metricsAllow().contains("127.0.0.1")).isFalse();
        assertThat(configured.httpRequestTimeout()).hasSeconds(5);
        assertThatThrownBy(() -> new ConfigLoader(env("MILLRACE_METRICS_ALLOW", "prometheus")).load())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("MILLRACE_METRICS_ALLOW");
    }

    @Test
    void theGatewayServesOnOneEventLoopPerCoreUnlessConfigured() {
        assertThat(new ConfigLoader(env()).load().httpEventLoops())
                .isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(new ConfigLoader(env("MILLRACE_HTTP_EVENT_LOOPS", "3"))
                        .load()
                        .httpEventLoops())
                .isEqualTo(3);
        assertThatThrownBy(() -> new ConfigLoader(env("MILLRACE_HTTP_EVENT_LOOPS", "0")).load())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("MILLRACE_HTTP_EVENT_LOOPS");
    }

    @Test
    void unsetSecretsAreGeneratedOnceKeptPrivateAndReused() throws Exception {
        MillraceConfig first = new ConfigLoader(env()).load();
        MillraceConfig second = new ConfigLoader(env()).load();
        assertThat(first.jwtSecret()).hasSizeGreaterThanOrEqualTo(32).isEqualTo(second.jwtSecret());
        assertThat(first.internalApiKey()).hasSizeGreaterThanOrEqualTo(32).isEqualTo(second.internalApiKey());
        assertThat(new String(first.jwtSecret(), StandardCharsets.UTF_8)).isNotEqualTo(first.internalApiKey());
        Path jwt = data.resolve("secrets/jwt-secret");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(jwt)))
                .isEqualTo("rw-------");

        Path other = Files.createTempDirectory("millrace-other");
        MillraceConfig elsewhere = new ConfigLoader(Map.of("MILLRACE_DATA_DIR", other.toString())).load();
        assertThat(elsewhere.jwtSecret()).isNotEqualTo(first.jwtSecret());
    }

    @Test
    void configuredSecretsWinAndShortOnesAreRefused() {
        String secret = "0123456789abcdef0123456789abcdef-jwt";
        MillraceConfig config = new ConfigLoader(env("MILLRACE_JWT_SECRET", secret)).load();
        assertThat(new String(config.jwtSecret(), StandardCharsets.UTF_8)).isEqualTo(secret);
        assertThat(Files.exists(data.resolve("secrets/jwt-secret"))).isFalse();

        assertThatThrownBy(() -> new ConfigLoader(env("MILLRACE_JWT_SECRET", "short")).load())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("MILLRACE_JWT_SECRET");
        assertThatThrownBy(() -> new ConfigLoader(env("MILLRACE_INTERNAL_API_KEY", "short")).load())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("MILLRACE_INTERNAL_API_KEY");
    }

    @Test
    void secretsNeverAppearInToString() {
        MillraceConfig config = new ConfigLoader(env(
                        "MILLRACE_S3_ENDPOINT",
                        "http://127.0.0.1:9000",
                        "MILLRACE_S3_ACCESS_KEY",
                        "access",
                        "MILLRACE_S3_SECRET_KEY",
                        "very-secret-s3-key",
                        "MILLRACE_DATABASE_URL",
                        "postgresql://millrace:db-password-123@db:5432/millrace"))
                .load();
        assertThat(config.toString())
                .doesNotContain(config.internalApiKey())
                .doesNotContain(new String(config.jwtSecret(), StandardCharsets.UTF_8))
                .doesNotContain("very-secret-s3-key")
                .doesNotContain("db-password-123");
    }

    @Test
    void corsWildcardOnlyInDevMode() {
        assertThatThrownBy(() -> new ConfigLoader(env("MILLRACE_CORS_ORIGINS", "*")).load())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("MILLRACE_DEV");
        assertThat(new ConfigLoader(env("MILLRACE_CORS_ORIGINS", "*", "MILLRACE_DEV", "true"))
                        .load()
                        .corsOrigins())
                .containsExactly("*");
        assertThat(new ConfigLoader(env("MILLRACE_CORS_ORIGINS", "https://a.example, http://b.example:3000"))
                        .load()
                        .corsOrigins())
                .containsExactly("https://a.example", "http://b.example:3000");
        assertThatThrownBy(() -> new ConfigLoader(env("MILLRACE_CORS_ORIGINS", "https://a.example/path")).load())
                .isInstanceOf(ConfigException.class);
    }

    @Test
    void malformedValuesNameTheirVariable() {
        assertThatThrownBy(() -> new ConfigLoader(env("MILLRACE_HTTP_PORT", "eighty")).load())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("MILLRACE_HTTP_PORT");
        assertThatThrownBy(() -> new ConfigLoader(env("MILLRACE_SRT_PORT", "70000")).load())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("MILLRACE_SRT_PORT");
        assertThatThrownBy(() -> new ConfigLoader(env("MILLRACE_DEV", "maybe")).load())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("MILLRACE_DEV");
        assertThatThrownBy(() -> new ConfigLoader(env("MILLRACE_S3_ENDPOINT", "http://127.0.0.1:9000")).load())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("MILLRACE_S3_ACCESS_KEY");
        assertThatThrownBy(() -> new ConfigLoader(env("MILLRACE_DATABASE_URL", "mysql://x/y")).load())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("postgresql://");
        assertThatThrownBy(() -> new ConfigLoader(env("MILLRACE_PUBLIC_URL", "ftp://x")).load())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("MILLRACE_PUBLIC_URL");
    }

    @Test
    void databaseUrlIsParsedWithExplicitCredentialsWinning() {
        DatabaseSettings db = DatabaseSettings.fromUrl("postgresql://u:p%40ss@db.local:6543/millrace", null, null, 4);
        assertThat(db.host()).isEqualTo("db.local");
        assertThat(db.port()).isEqualTo(6543);
        assertThat(db.database()).isEqualTo("millrace");
        assertThat(db.user()).isEqualTo("u");
        assertThat(db.password()).isEqualTo("p@ss");
        assertThat(db.jdbcUrl()).isEqualTo("jdbc:postgresql://db.local:6543/millrace");

        DatabaseSettings explicit = DatabaseSettings.fromUrl("jdbc:postgresql://db/x", "me", "pw", 2);
        assertThat(explicit.port()).isEqualTo(5432);
        assertThat(explicit.user()).isEqualTo("me");
        assertThat(explicit.password()).isEqualTo("pw");
        assertThat(explicit.toString()).doesNotContain("pw");
    }

    @Test
    void publicUrlHostIsWhatStreamersUse() {
        MillraceConfig config = new ConfigLoader(env("MILLRACE_PUBLIC_URL", "https://live.example.com/")).load();
        assertThat(config.publicUrl()).hasToString("https://live.example.com");
        assertThat(config.publicHost()).isEqualTo("live.example.com");
    }

    @Test
    void servicesDefaultToAllAndUnknownNamesAreRefusedByVariable() {
        MillraceConfig all = new ConfigLoader(env()).load();
        assertThat(all.allInOne()).isTrue();
        assertThat(all.cluster().clustered()).isFalse();
        assertThat(all.ingestCapacity()).isPositive();

        MillraceConfig some = new ConfigLoader(env("MILLRACE_SERVICES", " Gateway, auth ,")).load();
        assertThat(some.services()).containsExactlyInAnyOrder(ServiceRole.GATEWAY, ServiceRole.AUTH);
        assertThat(some.allInOne()).isFalse();
        assertThat(some.runs(ServiceRole.INGEST)).isFalse();

        assertThatThrownBy(() -> new ConfigLoader(env("MILLRACE_SERVICES", "gateway,transcoderz")).load())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("MILLRACE_SERVICES")
                .hasMessageContaining("transcoderz");
        assertThatThrownBy(() -> new ConfigLoader(env("MILLRACE_SERVICES", " , ")).load())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("MILLRACE_SERVICES");
    }

    @Test
    void clusterMembersAreHostPortsAndExcludeKubernetesDiscovery() {
        MillraceConfig config = new ConfigLoader(env(
                        "MILLRACE_CLUSTER_MEMBERS",
                        "10.0.0.1:5701, node-b:5702",
                        "MILLRACE_CLUSTER_PORT",
                        "5702",
                        "MILLRACE_CLUSTER_HOST",
                        "0.0.0.0",
                        "MILLRACE_CLUSTER_PUBLIC_HOST",
                        "node-b",
                        "MILLRACE_INGEST_CAPACITY",
                        "4"))
                .load();
        assertThat(config.cluster().clustered()).isTrue();
        assertThat(config.cluster().members()).containsExactly("10.0.0.1:5701", "node-b:5702");
        assertThat(config.cluster().port()).isEqualTo(5702);
        assertThat(config.cluster().publicHost()).isEqualTo("node-b");
        assertThat(config.ingestCapacity()).isEqualTo(4);

        MillraceConfig k8s = new ConfigLoader(
                        env("MILLRACE_CLUSTER_KUBERNETES_SERVICE", "millrace-cluster.default.svc.cluster.local"))
                .load();
        assertThat(k8s.cluster().clustered()).isTrue();
        assertThat(k8s.cluster().kubernetesService()).contains("millrace-cluster.default.svc.cluster.local");

        assertThatThrownBy(() -> new ConfigLoader(env("MILLRACE_CLUSTER_MEMBERS", "node-a")).load())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("MILLRACE_CLUSTER_MEMBERS");
        assertThatThrownBy(() -> new ConfigLoader(
                                env("MILLRACE_CLUSTER_MEMBERS", "a:5701", "MILLRACE_CLUSTER_KUBERNETES_SERVICE", "svc"))
                        .load())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("MILLRACE_CLUSTER_KUBERNETES_SERVICE");
        assertThatThrownBy(() -> new ConfigLoader(env("MILLRACE_CLUSTER_PORT", "70000")).load())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("MILLRACE_CLUSTER_PORT");
        assertThatThrownBy(() -> new ConfigLoader(env("MILLRACE_INGEST_CAPACITY", "0")).load())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("MILLRACE_INGEST_CAPACITY");
    }
}
