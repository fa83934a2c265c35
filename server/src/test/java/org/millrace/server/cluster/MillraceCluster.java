package org.millrace.server.cluster;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.millrace.core.db.EmbeddedDatabase;

/**
 * Millrace as separate services on one machine, everything a real process: one PostgreSQL server (the embedded
 * binaries, standalone), one S3 server (S3Proxy in its own JVM), nine JVMs from the packaged jar clustered over
 * loopback (2 gateways, auth, streams, 2 ingest nodes, 2 recorders, vod) and nginx in front (HTTP to the gateways,
 * the UDP SRT front to the ingest nodes). Logs under {@code dir}.
 */
final class MillraceCluster implements AutoCloseable {
    /**
     * One process of the cluster: its name, what it runs, its heap (2 cores and a few GiB for all of them) and its
     * start-up wave.
     */
    record Member(String name, String services, int heapMb, int wave) {}

    /**
     * Started in waves, each waiting for the one before to be healthy. Two processes must not apply the same module's
     * migrations on an empty database at once: Flyway's baseline of a new history table races ("Unable to baseline
     * schema history table ... as it already exists, and is empty"), so streams creates core's first, and the second
     * recorder waits for the first. And nine JVMs, their migrations and Hazelcast joins at once on 2 shared cores
     * starve PostgreSQL into connection time-outs.
     */
    static final List<Member> MEMBERS = List.of(
            new Member("streams", "streams", 128, 1),
            new Member("auth", "auth", 128, 2),
            new Member("vod", "vod", 160, 2),
            new Member("recorder-1", "recorder", 192, 2),
            new Member("ingest-1", "ingest", 256, 2),
            new Member("ingest-2", "ingest", 256, 2),
            new Member("recorder-2", "recorder", 192, 3),
            new Member("gateway-1", "gateway", 128, 3),
            new Member("gateway-2", "gateway", 128, 3));

    private static final Duration START_LIMIT = Duration.ofMinutes(4);

    private final Path dir;
    private final Path jar;
    private final List<AutoCloseable> resources = new ArrayList<>();
    private final ClusterPorts ports = new ClusterPorts();
    private final Map<String, ClusterNode> nodes = new LinkedHashMap<>();
    private final Map<String, Map<String, String>> environments = new LinkedHashMap<>();
    private final String jwtSecret = randomHex(32);
    private final String internalKey = randomHex(32);
    private EmbeddedDatabase database;
    private S3ServerProcess s3;
    private NginxFront nginx;

    private MillraceCluster(Path jar, Path dir) {
        this.jar = jar;
        this.dir = dir;
    }

    /**
     * Starts everything; {@code settings} go to every Millrace process (grace, limits). On failure what started is
     * stopped again and the exception names the process and carries its log.
     */
    static MillraceCluster start(Path jar, Path webRoot, Path dir, Map<String, String> settings) throws Exception {
        MillraceCluster cluster = new MillraceCluster(jar, dir);
        try {
            cluster.startAll(webRoot, settings);
            return cluster;
        } catch (Exception | Error e) {
            cluster.close();
            throw e;
        }
    }

    private void startAll(Path webRoot, Map<String, String> settings) throws Exception {
        database = EmbeddedDatabase.start(dir.resolve("postgres"));
        resources.add(database);
        s3 = S3ServerProcess.start(dir.resolve("s3"), ports.next());
        resources.add(s3);

        int frontHttp = ports.next();
        int frontSrt = ports.next();
        Map<String, Integer> clusterPorts = new LinkedHashMap<>();
        for (Member m : MEMBERS) {
            clusterPorts.put(m.name(), ports.next());
        }
        Map<String, String> common = new LinkedHashMap<>();
        common.put("MILLRACE_DATABASE_URL", "postgresql://postgres@127.0.0.1:" + database.port() + "/postgres");
        common.put("MILLRACE_DATABASE_POOL_SIZE", "4");
        common.put("MILLRACE_S3_ENDPOINT", s3.endpoint());
        common.put("MILLRACE_S3_ACCESS_KEY", s3.accessKey());
        common.put("MILLRACE_S3_SECRET_KEY", s3.secretKey());
        common.put("MILLRACE_S3_BUCKET", "millrace");
        common.put("MILLRACE_S3_REGION", S3ServerProcess.REGION);
        common.put("MILLRACE_JWT_SECRET", jwtSecret);
        common.put("MILLRACE_INTERNAL_API_KEY", internalKey);
        common.put("MILLRACE_PUBLIC_URL", "http://127.0.0.1:" + frontHttp);
        common.put("MILLRACE_TRUSTED_PROXIES", "127.0.0.1");
        common.put("MILLRACE_CLUSTER_HOST", "127.0.0.1");
        common.put(
                "MILLRACE_CLUSTER_MEMBERS",
                clusterPorts.values().stream().map(p -> "127.0.0.1:" + p).collect(Collectors.joining(",")));
        common.putAll(settings);

        Map<String, Integer> httpPorts = new LinkedHashMap<>();
        for (Member m : MEMBERS) {
            httpPorts.put(m.name(), ports.next());
        }
        for (int wave = 1; wave <= MEMBERS.get(MEMBERS.size() - 1).wave(); wave++) {
            List<ClusterNode> started = new ArrayList<>();
            for (Member m : MEMBERS) {
                if (m.wave() == wave) {
                    started.add(start(m, common, httpPorts, clusterPorts, frontSrt));
                }
            }
            for (ClusterNode node : started) {
                node.awaitHealthy(START_LIMIT);
            }
        }
        nginx = NginxFront.start(
                dir.resolve("nginx"),
                webRoot,
                frontHttp,
                nodes("gateway").stream().map(n -> "127.0.0.1:" + n.httpPort()).toList(),
                frontSrt,
                nodes("ingest").stream().map(n -> "127.0.0.1:" + n.srtPort()).toList());
        resources.add(nginx);
    }

    private ClusterNode start(
            Member m,
            Map<String, String> common,
            Map<String, Integer> httpPorts,
            Map<String, Integer> clusterPorts,
            int frontSrt)
            throws Exception {
        Map<String, String> env = new LinkedHashMap<>(common);
        env.put("MILLRACE_SERVICES", m.services());
        env.put("MILLRACE_CLUSTER_PORT", Integer.toString(clusterPorts.get(m.name())));
        if (m.services().equals("recorder")) {
            // Each recorder imports through a gateway of its own (the import is internal: never through nginx).
            String gateway = m.name().endsWith("1") ? "gateway-1" : "gateway-2";
            env.put("MILLRACE_VOD_IMPORT_URL", "http://127.0.0.1:" + httpPorts.get(gateway));
        }
        // An ingest node binds its own SRT port; everyone else names the front's in the URLs it hands out.
        int srt = m.services().equals("ingest") ? ports.next() : frontSrt;
        ClusterNode node =
                ClusterNode.start(jar, m.name(), dir.resolve(m.name()), m.heapMb(), httpPorts.get(m.name()), srt, env);
        nodes.put(m.name(), node);
        environments.put(m.name(), env);
        resources.add(node);
        return node;
    }

    /** Starts the member {@code name} again after it died (a crashed pod restarted), and waits until it is healthy. */
    ClusterNode startAgain(String name) throws Exception {
        Member m =
                MEMBERS.stream().filter(x -> x.name().equals(name)).findFirst().orElseThrow();
        ClusterNode node = node(name).startAgain(jar, dir.resolve(name), m.heapMb(), environments.get(name));
        nodes.put(name, node);
        resources.add(node);
        node.awaitHealthy(START_LIMIT);
        return node;
    }

    ClusterNode node(String name) {
        ClusterNode node = nodes.get(name);
        if (node == null) {
            throw new IllegalArgumentException("no node " + name);
        }
        return node;
    }

    /** The nodes whose name starts with {@code prefix} ({@code "ingest"}: ingest-1, ingest-2). */
    List<ClusterNode> nodes(String prefix) {
        return nodes.values().stream().filter(n -> n.name().startsWith(prefix)).toList();
    }

    /** The one live ingest node whose /metrics carries {@code streamId}'s meters (waits up to 15 s for just one). */
    ClusterNode ingestNodeOf(String streamId) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        String tag = "stream=\"" + streamId + "\"";
        while (true) {
            List<ClusterNode> holding = new ArrayList<>();
            for (ClusterNode node : nodes("ingest")) {
                if (node.alive() && node.get("/metrics").body().contains(tag)) {
                    holding.add(node);
                }
            }
            if (holding.size() == 1) {
                return holding.get(0);
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not one ingest node holds " + streamId + ": " + holding);
            }
            Thread.sleep(250);
        }
    }

    List<ClusterNode> all() {
        return List.copyOf(nodes.values());
    }

    NginxFront front() {
        return nginx;
    }

    String jwtSecret() {
        return jwtSecret;
    }

    String internalKey() {
        return internalKey;
    }

    EmbeddedDatabase database() {
        return database;
    }

    /** Every process's last log lines (and nginx's error log), for a failure report. */
    String logs(int lines) {
        StringBuilder out = new StringBuilder();
        for (ClusterNode node : nodes.values()) {
            out.append("==== ")
                    .append(node.name())
                    .append(node.alive() ? "" : " (dead)")
                    .append(" — ")
                    .append(node.log())
                    .append('\n')
                    .append(node.logTail(lines))
                    .append('\n');
        }
        try {
            if (s3 != null) {
                out.append("==== s3proxy\n").append(tail(s3.log(), lines)).append('\n');
            }
            if (nginx != null) {
                out.append("==== nginx error log\n").append(nginx.errorLog()).append('\n');
            }
        } catch (Exception e) {
            out.append("(logs unreadable: ").append(e.getMessage()).append(")\n");
        }
        return out.toString();
    }

    /** Stops everything in reverse order of start; nothing outlives the test. */
    @Override
    public void close() {
        List<AutoCloseable> reversed = new ArrayList<>(resources);
        java.util.Collections.reverse(reversed);
        for (AutoCloseable r : reversed) {
            try {
                r.close();
            } catch (Exception ignored) {
                // stopping test processes: go on with the rest
            }
        }
    }

    /** Deletes a previous run's directory, so what is there is this run's. */
    static Path fresh(Path dir) throws Exception {
        if (Files.exists(dir)) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        return Files.createDirectories(dir);
    }

    private static String tail(Path file, int lines) throws Exception {
        List<String> all = Files.readAllLines(file);
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    private static String randomHex(int bytes) {
        byte[] b = new byte[bytes];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
