package org.millrace.server.deploy;

import static org.millrace.server.deploy.DockerfileFacts.expect;
import static org.millrace.server.deploy.KubernetesCheck.map;
import static org.millrace.server.deploy.KubernetesCheck.name;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The Kubernetes caching edge (k8s/base/edge.yaml) against the rest: nginx runs the project's template (the
 * ConfigMap the base generates from nginx/), filled in from its own environment and accepted by Debian's
 * {@code nginx -t}; it asks a Service of the gateways on their HTTP port; it listens where its probes and Service
 * look; it serves the web app the Millrace image carries; it is never a Hazelcast member; it scales; and the
 * overlays' Ingresses send viewers to it rather than past it.
 */
final class EdgeCheck {
    private static final String TEMPLATES = "/etc/nginx/templates";

    private final KubernetesCheck k8s;
    private final CodeFacts code;
    private final DockerfileFacts dockerfile;
    private final List<String> problems;

    EdgeCheck(KubernetesCheck k8s, CodeFacts code, DockerfileFacts dockerfile, List<String> problems) {
        this.k8s = k8s;
        this.code = code;
        this.dockerfile = dockerfile;
        this.problems = problems;
    }

    /** An nginx Deployment, not a Millrace role. */
    @SuppressWarnings("unchecked")
    static boolean isEdge(Map<String, Object> deployment) {
        Map<String, Object> pod = map(map(map(deployment, "spec"), "template"), "spec");
        return ((List<Map<String, Object>>) pod.getOrDefault("containers", List.of()))
                .stream().anyMatch(c -> String.valueOf(c.get("image")).matches("(nginx|nginxinc/[a-z-]+):.*"));
    }

    @SuppressWarnings("unchecked")
    void check(Map<String, Object> deployment, Set<String> gateways) throws IOException, InterruptedException {
        String name = name(deployment);
        String where = deployment.get("x-file") + " Deployment " + name;
        Map<String, Object> template = map(map(deployment, "spec"), "template");
        Map<String, Object> pod = map(template, "spec");
        Map<String, Object> labels = map(map(template, "metadata"), "labels");
        expect(
                Boolean.TRUE.equals(map(pod, "securityContext").get("runAsNonRoot")),
                where + ": not runAsNonRoot",
                problems);
        boolean member = k8s.of("Service").stream()
                .anyMatch(s -> "None".equals(map(s, "spec").get("clusterIP"))
                        && labels.entrySet()
                                .containsAll(map(map(s, "spec"), "selector").entrySet()));
        expect(
                !member,
                where + ": its pods are selected by the headless cluster Service: Hazelcast would take them"
                        + " for members",
                problems);
        expect(k8s.hpaFor(name), where + ": no HorizontalPodAutoscaler", problems);
        Map<String, String> volumes = new LinkedHashMap<>(); // volume name -> ConfigMap name ("" for others)
        for (Map<String, Object> volume : (List<Map<String, Object>>) pod.getOrDefault("volumes", List.of())) {
            volumes.put(
                    String.valueOf(volume.get("name")),
                    String.valueOf(map(volume, "configMap").getOrDefault("name", "")));
        }
        Map<String, Object> nginx = ((List<Map<String, Object>>) pod.getOrDefault("containers", List.of())).get(0);
        Map<String, String> env = KubernetesCheck.containerEnv(nginx);
        int port = KubernetesCheck.port(nginx, "http", "TCP");
        expect(
                String.valueOf(port).equals(env.get("MILLRACE_NGINX_PORT")),
                where + ": MILLRACE_NGINX_PORT " + env.get("MILLRACE_NGINX_PORT") + " is not its port http " + port,
                problems);
        expect(
                k8s.service("TCP", 80, name, "http") || k8s.service("TCP", port, name, "http"),
                where + ": no Service for its port http",
                problems);
        Map<String, Object> readiness = map(map(nginx, "readinessProbe"), "httpGet");
        expect(
                code.healthPath().equals(readiness.get("path")) && "http".equals(readiness.get("port")),
                where + ": readinessProbe is not GET " + code.healthPath() + " on port http (through to a gateway)",
                problems);
        Map<String, String> mounts = mounts(nginx);
        Map<Path, Boolean> templates = new LinkedHashMap<>();
        String configMap = volumes.getOrDefault(mounts.getOrDefault(TEMPLATES, ""), "");
        Map<String, Path> files = k8s.generatedConfigMap(configMap);
        if (files == null) {
            problems.add(where + ": " + TEMPLATES + " is not a ConfigMap the base generates (from nginx/)");
        } else {
            files.forEach((key, file) -> {
                if (key.endsWith("template")) {
                    templates.put(file, key.endsWith(".stream-template"));
                }
            });
            expect(!templates.isEmpty(), where + ": ConfigMap " + configMap + " holds no *.template", problems);
        }
        Set<String> given = new TreeSet<>(env.keySet());
        given.removeIf(key -> !key.startsWith("MILLRACE_"));
        Set<String> placeholders = ComposeCheck.templatePlaceholders(List.copyOf(templates.keySet()), problems);
        expect(
                given.equals(placeholders),
                where + ": its MILLRACE_* environment " + given + " is not what its" + " templates fill in "
                        + placeholders,
                problems);
        Set<String> serviceNames = new TreeSet<>();
        k8s.of("Service").forEach(s -> serviceNames.add(name(s)));
        if (!templates.isEmpty()) {
            NginxSyntaxCheck.check(where, templates, env, serviceNames, problems);
        }
        URI gateway = URI.create("http://" + env.getOrDefault("MILLRACE_GATEWAY", "?"));
        boolean gatewayService = gateways.stream().anyMatch(g -> k8s.of("Service").stream()
                .anyMatch(s -> name(s).equals(gateway.getHost()) && k8s.service("TCP", gateway.getPort(), g, "http")));
        expect(
                gatewayService && gateway.getPort() == code.httpPort(),
                where + ": MILLRACE_GATEWAY " + gateway.getAuthority()
                        + " is not a Service of the gateways on their HTTP port " + code.httpPort(),
                problems);
        checkWebRoot(where, pod, env.getOrDefault("MILLRACE_WEB_ROOT", ""), mounts);
    }

    /** The web app's files: copied by an init container from where the Dockerfile put them, into what nginx serves. */
    @SuppressWarnings("unchecked")
    private void checkWebRoot(String where, Map<String, Object> pod, String webRoot, Map<String, String> nginxMounts) {
        String imageDir = dockerfile.copies().getOrDefault("web/target/classes/webroot", "?");
        String volume = nginxMounts.get(webRoot);
        boolean copied = ((List<Map<String, Object>>) pod.getOrDefault("initContainers", List.of()))
                .stream()
                        .anyMatch(init ->
                                String.valueOf(init.get("image")).split(":")[0].equals("millrace")
                                        && String.valueOf(init.get("command")).contains(imageDir)
                                        && volume != null
                                        && volume.equals(mounts(init).get(webRoot)));
        expect(
                copied,
                where + ": no init container copies the image's web app (" + imageDir + ") into " + "MILLRACE_WEB_ROOT "
                        + webRoot,
                problems);
    }

    /** Every overlay's Ingress sends its traffic to an edge's Service. */
    @SuppressWarnings("unchecked")
    void checkIngresses(List<Map<String, Object>> ingresses, List<Map<String, Object>> edges) {
        Set<String> edgeServices = new TreeSet<>();
        for (Map<String, Object> edge : edges) {
            Map<String, Object> labels = map(map(map(map(edge, "spec"), "template"), "metadata"), "labels");
            k8s.of("Service").stream()
                    .filter(s -> !map(map(s, "spec"), "selector").isEmpty()
                            && labels.entrySet()
                                    .containsAll(map(map(s, "spec"), "selector").entrySet()))
                    .forEach(s -> edgeServices.add(name(s)));
        }
        for (Map<String, Object> ingress : ingresses) {
            for (Map<String, Object> rule :
                    (List<Map<String, Object>>) map(ingress, "spec").getOrDefault("rules", List.of())) {
                for (Map<String, Object> path :
                        (List<Map<String, Object>>) map(rule, "http").getOrDefault("paths", List.of())) {
                    Object service = map(map(path, "backend"), "service").get("name");
                    expect(
                            edgeServices.contains(String.valueOf(service)),
                            ingress.get("x-file") + ": sends " + path.get("path") + " to " + service
                                    + ", not to the caching edge " + edgeServices,
                            problems);
                }
            }
        }
    }

    /** Mount path to volume name. */
    @SuppressWarnings("unchecked")
    private static Map<String, String> mounts(Map<String, Object> container) {
        Map<String, String> mounts = new LinkedHashMap<>();
        for (Map<String, Object> mount :
                (List<Map<String, Object>>) container.getOrDefault("volumeMounts", List.of())) {
            mounts.put(String.valueOf(mount.get("mountPath")), String.valueOf(mount.get("name")));
        }
        return mounts;
    }
}
