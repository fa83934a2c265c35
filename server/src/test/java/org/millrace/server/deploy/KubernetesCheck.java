package org.millrace.server.deploy;

import static org.millrace.server.deploy.DockerfileFacts.expect;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.millrace.core.config.MillraceConfig;
import org.millrace.core.config.ServiceRole;

/**
 * The kustomize manifests under k8s/ against the code: every kustomization's files exist and parse, every
 * MILLRACE_* name is a documented variable, each Deployment's environment (ConfigMap + the README's Secret keys +
 * its own, over the image's defaults) loads as Millrace would load it, the roles cover every service, ports and
 * probes are the code's, Hazelcast finds the pods through a headless service, gateways and ingest have an HPA and
 * a Service (SRT over UDP).
 */
final class KubernetesCheck {
    private static final String POD_IP = "10.1.2.3";
    private final Path root;
    private final CodeFacts code;
    private final DockerfileFacts dockerfile;
    private final List<String> problems;
    private final List<Map<String, Object>> documents = new ArrayList<>();
    /** The base's generated ConfigMaps (configMapGenerator, here or in a directory it takes in): key to file. */
    private final Map<String, Map<String, Path>> generated = new LinkedHashMap<>();
    /** Every overlay's Ingresses. */
    private final List<Map<String, Object>> ingresses = new ArrayList<>();

    KubernetesCheck(Path root, CodeFacts code, DockerfileFacts dockerfile, List<String> problems) {
        this.root = root;
        this.code = code;
        this.dockerfile = dockerfile;
        this.problems = problems;
    }

    void run() throws IOException, InterruptedException {
        Path k8s = root.resolve("k8s");
        List<Path> kustomizations;
        try (var files = Files.walk(k8s)) {
            kustomizations = files.filter(f -> f.getFileName().toString().equals("kustomization.yaml"))
                    .sorted()
                    .toList();
        }
        expect(
                kustomizations.contains(k8s.resolve("base/kustomization.yaml")),
                "k8s/base/kustomization.yaml missing",
                problems);
        for (Path kustomization : kustomizations) {
            readKustomization(kustomization, kustomization.getParent().equals(k8s.resolve("base")));
        }
        code.checkVariables(
                "k8s Secret " + CodeFacts.SECRET_NAME + " (README)",
                String.join(" ", code.readmeSecretKeys()),
                Set.of(),
                problems);
        expect(
                code.readmeSecretKeys().containsAll(ComposeCheck.SECRETS),
                "README: the `kubectl create secret generic " + CodeFacts.SECRET_NAME + "` command does not set "
                        + ComposeCheck.SECRETS,
                problems);
        checkDeployments();
    }

    @SuppressWarnings("unchecked")
    private void readKustomization(Path kustomization, boolean base) throws IOException {
        String where = root.relativize(kustomization).toString();
        Map<String, Object> k = ComposeCheck.yaml().load(Files.readString(kustomization));
        List<String> files = new ArrayList<>();
        ((List<Object>) k.getOrDefault("resources", List.of())).forEach(r -> files.add(String.valueOf(r)));
        ((List<Object>) k.getOrDefault("patches", List.of()))
                .forEach(p -> files.add(String.valueOf(((Map<String, Object>) p).get("path"))));
        for (String file : files) {
            Path resource = kustomization.getParent().resolve(file).normalize();
            if (Files.isDirectory(resource)) {
                expect(
                        Files.isRegularFile(resource.resolve("kustomization.yaml")),
                        where + ": " + file + " has no kustomization.yaml",
                        problems);
                if (base && Files.isRegularFile(resource.resolve("kustomization.yaml"))) {
                    readGenerators(resource.resolve("kustomization.yaml"));
                }
                continue;
            }
            if (!Files.isRegularFile(resource)) {
                problems.add(where + ": " + file + " does not exist");
                continue;
            }
            String text = Files.readString(resource);
            // The edge's environment fills in the nginx templates' own placeholders.
            code.checkVariables(
                    root.relativize(resource).toString(),
                    text,
                    ComposeCheck.templatePlaceholders(ComposeCheck.nginxTemplates(root), problems),
                    problems);
            for (Object document : ComposeCheck.yaml().loadAll(text)) {
                if (document instanceof Map<?, ?> map && base) {
                    Map<String, Object> doc = (Map<String, Object>) map;
                    doc.put("x-file", root.relativize(resource).toString());
                    documents.add(doc);
                } else if (document instanceof Map<?, ?> map && "Ingress".equals(map.get("kind"))) {
                    Map<String, Object> doc = (Map<String, Object>) map;
                    doc.put("x-file", root.relativize(resource).toString());
                    ingresses.add(doc);
                }
            }
        }
    }

    /** The ConfigMaps a kustomization generates from files: {@code key=file} or {@code file}, next to it. */
    @SuppressWarnings("unchecked")
    private void readGenerators(Path kustomization) throws IOException {
        String where = root.relativize(kustomization).toString();
        Map<String, Object> k = ComposeCheck.yaml().load(Files.readString(kustomization));
        for (Map<String, Object> generator :
                (List<Map<String, Object>>) k.getOrDefault("configMapGenerator", List.of())) {
            Map<String, Path> files = new LinkedHashMap<>();
            for (Object entry : (List<Object>) generator.getOrDefault("files", List.of())) {
                String[] keyFile = String.valueOf(entry).split("=", 2);
                Path file = kustomization
                        .getParent()
                        .resolve(keyFile[keyFile.length - 1])
                        .normalize();
                expect(
                        Files.isRegularFile(file),
                        where + ": generates from " + keyFile[keyFile.length - 1] + ", which does not exist",
                        problems);
                if (Files.isRegularFile(file)) {
                    files.put(
                            keyFile.length == 2
                                    ? keyFile[0]
                                    : file.getFileName().toString(),
                            file);
                }
            }
            generated.put(String.valueOf(generator.get("name")), files);
        }
    }

    @SuppressWarnings("unchecked")
    private void checkDeployments() throws IOException, InterruptedException {
        Map<String, String> configMap = new LinkedHashMap<>();
        for (Map<String, Object> doc : of("ConfigMap")) {
            ((Map<String, Object>) doc.getOrDefault("data", Map.of()))
                    .forEach((k, v) -> configMap.put(k, String.valueOf(v)));
        }
        Set<ServiceRole> roles = EnumSet.noneOf(ServiceRole.class);
        Set<String> gateways = new TreeSet<>();
        List<Map<String, Object>> edges = new ArrayList<>();
        for (Map<String, Object> deployment : of("Deployment")) {
            String name = name(deployment);
            if (EdgeCheck.isEdge(deployment)) {
                edges.add(deployment);
                continue;
            }
            String where = deployment.get("x-file") + " Deployment " + name;
            Map<String, Object> template = map(map(deployment, "spec"), "template");
            Map<String, Object> pod = map(template, "spec");
            Object scrapePort = map(map(template, "metadata"), "annotations").get("prometheus.io/port");
            expect(
                    scrapePort == null || String.valueOf(code.httpPort()).equals(scrapePort),
                    where + ": prometheus.io/port " + scrapePort + " is not the HTTP port " + code.httpPort(),
                    problems);
            Map<String, Object> podSecurity = map(pod, "securityContext");
            expect(Boolean.TRUE.equals(podSecurity.get("runAsNonRoot")), where + ": not runAsNonRoot", problems);
            for (Map<String, Object> container :
                    (List<Map<String, Object>>) pod.getOrDefault("containers", List.of())) {
                String image = String.valueOf(container.get("image"));
                expect(
                        image.split(":")[0].equals("millrace"),
                        where + ": image " + image + " is not millrace",
                        problems);
                Map<String, String> env = new LinkedHashMap<>(dockerfile.env());
                env.putAll(configMap);
                code.readmeSecretKeys().forEach(key -> env.put(key, ComposeCheck.secretValue(key)));
                Map<String, String> own = containerEnv(container);
                own.forEach(env::put);
                expect(own.containsKey("MILLRACE_SERVICES"), where + ": no MILLRACE_SERVICES", problems);
                checkEnvSources(where, container);
                MillraceConfig config = CodeFacts.load(where, env, problems);
                if (config != null) {
                    roles.addAll(config.services());
                    checkCluster(where, config);
                    if (config.runs(ServiceRole.INGEST)) {
                        expect(
                                port(container, "srt", "UDP") == code.srtPort(),
                                where + ": no UDP port srt " + code.srtPort(),
                                problems);
                        expect(hpaFor(name), where + ": no HorizontalPodAutoscaler", problems);
                        expect(
                                service("UDP", code.srtPort(), name, "srt"),
                                where + ": no Service for SRT " + code.srtPort() + "/UDP",
                                problems);
                    }
                    if (config.runs(ServiceRole.GATEWAY)) {
                        gateways.add(name);
                        expect(hpaFor(name), where + ": no HorizontalPodAutoscaler", problems);
                        expect(
                                config.internalAllowRemote(),
                                where + ": no MILLRACE_INTERNAL_ALLOW_REMOTE=true",
                                problems);
                    }
                }
                expect(
                        port(container, "http", "TCP") == code.httpPort(),
                        where + ": port http is not " + code.httpPort(),
                        problems);
                expect(
                        port(container, "hazelcast", "TCP") == code.clusterPort(),
                        where + ": port hazelcast is not " + code.clusterPort(),
                        problems);
                expect(
                        port(container, "eventbus", "TCP") == dockerfile.eventBusPort(),
                        where + ": port eventbus is not the image's " + dockerfile.eventBusPort(),
                        problems);
                for (String probe : List.of("readinessProbe", "livenessProbe")) {
                    Map<String, Object> get = map(map(container, probe), "httpGet");
                    expect(
                            code.healthPath().equals(get.get("path")) && "http".equals(get.get("port")),
                            where + ": " + probe + " is not GET " + code.healthPath() + " on port http: " + get,
                            problems);
                }
                Map<String, Object> resources = map(container, "resources");
                for (String kind : List.of("requests", "limits")) {
                    expect(
                            map(resources, kind).containsKey("cpu")
                                    && map(resources, kind).containsKey("memory"),
                            where + ": resources." + kind + " lacks cpu or memory",
                            problems);
                }
            }
        }
        expect(
                roles.equals(EnumSet.allOf(ServiceRole.class)),
                "k8s/base: the Deployments run " + roles + ", not every service",
                problems);
        expect(!edges.isEmpty(), "k8s/base: no caching edge (an nginx Deployment in front of the gateways)", problems);
        EdgeCheck edge = new EdgeCheck(this, code, dockerfile, problems);
        for (Map<String, Object> deployment : edges) {
            edge.check(deployment, gateways);
        }
        edge.checkIngresses(ingresses, edges);
    }

    /** The files of a ConfigMap the base generates, by key; null when the base generates none of that name. */
    Map<String, Path> generatedConfigMap(String name) {
        return generated.get(name);
    }

    /** Hazelcast's DNS discovery must name a headless service in front of these pods with the cluster's ports. */
    @SuppressWarnings("unchecked")
    private void checkCluster(String where, MillraceConfig config) {
        expect(config.cluster().clustered(), where + ": not clustered", problems);
        expect(
                POD_IP.equals(config.cluster().publicHost()),
                where + ": MILLRACE_CLUSTER_PUBLIC_HOST is not the pod IP",
                problems);
        String dns = config.cluster().kubernetesService().orElse("");
        boolean headless = of("Service").stream()
                .anyMatch(s -> dns.startsWith(name(s) + ".")
                        && "None".equals(map(s, "spec").get("clusterIP"))
                        && Boolean.TRUE.equals(map(s, "spec").get("publishNotReadyAddresses"))
                        && servicePorts(s).contains(code.clusterPort())
                        && servicePorts(s).contains(dockerfile.eventBusPort()));
        expect(
                headless,
                where + ": MILLRACE_CLUSTER_KUBERNETES_SERVICE '" + dns + "' is not a headless Service"
                        + " (publishing not-ready pods) with ports " + code.clusterPort() + " and "
                        + dockerfile.eventBusPort(),
                problems);
    }

    @SuppressWarnings("unchecked")
    private void checkEnvSources(String where, Map<String, Object> container) {
        for (Map<String, Object> from : (List<Map<String, Object>>) container.getOrDefault("envFrom", List.of())) {
            if (from.containsKey("secretRef")) {
                expect(
                        CodeFacts.SECRET_NAME.equals(map(from, "secretRef").get("name")),
                        where + ": reads a Secret other" + " than the README's " + CodeFacts.SECRET_NAME,
                        problems);
            }
            if (from.containsKey("configMapRef")) {
                Object name = map(from, "configMapRef").get("name");
                expect(
                        of("ConfigMap").stream().anyMatch(c -> name(c).equals(name)),
                        where + ": ConfigMap " + name + " is not in the base",
                        problems);
            }
        }
    }

    /** The container's own env: fieldRefs as the kubelet fills them, $(VAR) references expanded. */
    @SuppressWarnings("unchecked")
    static Map<String, String> containerEnv(Map<String, Object> container) {
        Map<String, String> env = new LinkedHashMap<>();
        for (Map<String, Object> e : (List<Map<String, Object>>) container.getOrDefault("env", List.of())) {
            String value;
            if (e.containsKey("value")) {
                value = String.valueOf(e.get("value"));
                for (var known : env.entrySet()) {
                    value = value.replace("$(" + known.getKey() + ")", known.getValue());
                }
            } else {
                String field =
                        String.valueOf(map(map(e, "valueFrom"), "fieldRef").get("fieldPath"));
                value = switch (field) {
                    case "status.podIP" -> POD_IP;
                    case "metadata.namespace" -> "millrace";
                    default -> field;
                };
            }
            env.put(String.valueOf(e.get("name")), value);
        }
        return env;
    }

    boolean hpaFor(String deployment) {
        return of("HorizontalPodAutoscaler").stream()
                .anyMatch(h ->
                        deployment.equals(map(map(h, "spec"), "scaleTargetRef").get("name")));
    }

    @SuppressWarnings("unchecked")
    boolean service(String protocol, int port, String deployment, String targetPort) {
        Map<String, Object> podLabels = map(
                map(
                        map(
                                of("Deployment").stream()
                                        .filter(d -> name(d).equals(deployment))
                                        .findFirst()
                                        .orElseThrow(),
                                "spec"),
                        "template"),
                "metadata");
        Map<String, Object> labels = map(podLabels, "labels");
        return of("Service").stream()
                .anyMatch(s -> labels.entrySet()
                                .containsAll(map(map(s, "spec"), "selector").entrySet())
                        && ((List<Map<String, Object>>) map(s, "spec").getOrDefault("ports", List.of()))
                                .stream()
                                        .anyMatch(p -> protocol.equals(p.get("protocol"))
                                                && Objects.equals(p.get("port"), port)
                                                && targetPort.equals(p.get("targetPort"))));
    }

    @SuppressWarnings("unchecked")
    static Set<Integer> servicePorts(Map<String, Object> service) {
        Set<Integer> ports = new TreeSet<>();
        ((List<Map<String, Object>>) map(service, "spec").getOrDefault("ports", List.of()))
                .forEach(p -> ports.add((Integer) p.get("port")));
        return ports;
    }

    @SuppressWarnings("unchecked")
    static int port(Map<String, Object> container, String name, String protocol) {
        return ((List<Map<String, Object>>) container.getOrDefault("ports", List.of()))
                .stream()
                        .filter(p -> name.equals(p.get("name")) && protocol.equals(p.getOrDefault("protocol", "TCP")))
                        .map(p -> (Integer) p.get("containerPort"))
                        .findFirst()
                        .orElse(-1);
    }

    List<Map<String, Object>> of(String kind) {
        return documents.stream().filter(d -> kind.equals(d.get("kind"))).toList();
    }

    static String name(Map<String, Object> doc) {
        return String.valueOf(map(doc, "metadata").get("name"));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Map<String, Object> parent, String key) {
        return parent.get(key) instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }
}
