package org.millrace.server.deploy;

import static org.millrace.server.deploy.DockerfileFacts.expect;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.millrace.core.config.MillraceConfig;
import org.millrace.core.config.ServiceRole;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * docker-compose.yml against the code: Debian's docker-compose resolves it (a real run; a missing tool is a problem),
 * then every Millrace container's environment must load as Millrace would load it, the roles must cover every
 * service, the cluster members must be the containers, probes and ports must be the code's, nginx's environment
 * must fill exactly its templates' placeholders, and the secrets must come from variables, never from the file.
 */
final class ComposeCheck {
    /** What the secrets are set to for the check: each variable's own name, padded past the 32-character minimum. */
    static final List<String> SECRETS = List.of(
            "MILLRACE_JWT_SECRET",
            "MILLRACE_INTERNAL_API_KEY",
            "MILLRACE_DATABASE_PASSWORD",
            "MILLRACE_S3_ACCESS_KEY",
            "MILLRACE_S3_SECRET_KEY");

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{(MILLRACE_[A-Z0-9_]+)}");
    private static final Pattern REQUIRED = Pattern.compile("\\$\\{(MILLRACE_[A-Z0-9_]+):\\?");

    private final Path root;
    private final String dockerCompose;
    private final CodeFacts code;
    private final DockerfileFacts dockerfile;
    private final List<String> problems;

    ComposeCheck(Path root, String dockerCompose, CodeFacts code, DockerfileFacts dockerfile, List<String> problems) {
        this.root = root;
        this.dockerCompose = dockerCompose;
        this.code = code;
        this.dockerfile = dockerfile;
        this.problems = problems;
    }

    static String secretValue(String variable) {
        return (variable + "-test-value-0123456789abcdef").toLowerCase();
    }

    @SuppressWarnings("unchecked")
    void run() throws IOException, InterruptedException {
        Path file = root.resolve("docker-compose.yml");
        String text = Files.readString(file);
        code.checkVariables("docker-compose.yml", text, templatePlaceholders(nginxTemplates()), problems);
        checkEnvExample(text);
        Map<String, String> secrets = new LinkedHashMap<>();
        SECRETS.forEach(name -> secrets.put(name, secretValue(name)));
        Result withoutSecrets = compose(Map.of(), "config", "-q");
        expect(
                withoutSecrets.exitCode != 0,
                "docker-compose.yml: `docker-compose config` accepts it with no secrets set"
                        + " (a secret is committed or not required)",
                problems);
        Result quiet = compose(secrets, "config", "-q");
        if (quiet.exitCode != 0) {
            problems.add("docker-compose.yml: `docker-compose config -q` fails: " + quiet.output);
            return;
        }
        Result resolved = compose(secrets, "config");
        Map<String, Object> services = (Map<String, Object>)
                yaml().<Map<String, Object>>load(resolved.output).get("services");
        Set<String> gatewayNames = new TreeSet<>();
        Set<String> ingestNames = new TreeSet<>();
        Map<String, Map<String, Object>> millrace = new LinkedHashMap<>();
        services.forEach((name, value) -> {
            Map<String, Object> service = (Map<String, Object>) value;
            if (service.get("build") instanceof Map<?, ?> build
                    && root.toAbsolutePath()
                            .normalize()
                            .equals(Path.of(String.valueOf(build.get("context")))
                                    .normalize())) {
                millrace.put(name, service);
            }
        });
        expect(!millrace.isEmpty(), "docker-compose.yml: no service is built from the Dockerfile", problems);
        Set<ServiceRole> roles = EnumSet.noneOf(ServiceRole.class);
        Set<String> members = new TreeSet<>();
        Map<String, MillraceConfig> configs = new LinkedHashMap<>();
        for (var entry : millrace.entrySet()) {
            String where = "docker-compose.yml service " + entry.getKey();
            Map<String, String> env = new LinkedHashMap<>(dockerfile.env());
            environment(entry.getValue()).forEach(env::put);
            expect(
                    environment(entry.getValue()).containsKey("MILLRACE_SERVICES"),
                    where + ": no MILLRACE_SERVICES" + " (it would run every service)",
                    problems);
            for (String secret : SECRETS) {
                expect(
                        secrets.get(secret).equals(env.get(secret)),
                        where + ": " + secret + " is not taken from the" + " variable of that name",
                        problems);
            }
            MillraceConfig config = CodeFacts.load(where, env, problems);
            if (config == null) {
                continue;
            }
            configs.put(entry.getKey(), config);
            roles.addAll(config.services());
            expect(config.httpPort() == code.httpPort(), where + ": HTTP port " + config.httpPort(), problems);
            expect(config.cluster().clustered(), where + ": not clustered", problems);
            expect(
                    config.cluster().port() == code.clusterPort(),
                    where + ": Hazelcast port " + config.cluster().port(),
                    problems);
            expect(
                    config.cluster().publicHost().equals(entry.getKey())
                            || config.cluster()
                                    .publicHost()
                                    .equals(entry.getValue().get("hostname")),
                    where + ": MILLRACE_CLUSTER_PUBLIC_HOST is not its own name",
                    problems);
            members.add(config.cluster().publicHost());
            String probe = String.join(
                    " ", (List<String>) ((Map<String, Object>) entry.getValue().getOrDefault("healthcheck", Map.of()))
                            .getOrDefault("test", List.of()));
            expect(
                    probe.contains("127.0.0.1:" + code.httpPort() + code.healthPath()),
                    where + ": its healthcheck does" + " not probe " + code.healthPath() + " on " + code.httpPort()
                            + ": " + probe,
                    problems);
            expect(dependsWithConditions(entry.getValue()), where + ": depends_on without conditions", problems);
            if (config.runs(ServiceRole.INGEST)) {
                ingestNames.add(entry.getKey());
            }
            if (config.runs(ServiceRole.GATEWAY)) {
                gatewayNames.add(entry.getKey());
                gatewayNames.addAll(aliases(entry.getValue()));
                expect(
                        config.internalAllowRemote(),
                        where + ": a gateway without MILLRACE_INTERNAL_ALLOW_REMOTE=true"
                                + " refuses the recorder's imports",
                        problems);
            }
        }
        expect(
                roles.equals(EnumSet.allOf(ServiceRole.class)),
                "docker-compose.yml: the containers run " + roles + ", not every service",
                problems);
        for (var entry : configs.entrySet()) {
            String where = "docker-compose.yml service " + entry.getKey();
            Set<String> listed = new TreeSet<>();
            for (String member : entry.getValue().cluster().members()) {
                String host = member.substring(0, member.lastIndexOf(':'));
                listed.add(host);
                expect(
                        member.endsWith(":" + code.clusterPort()),
                        where + ": member " + member + " is not on the" + " Hazelcast port " + code.clusterPort(),
                        problems);
            }
            expect(
                    listed.equals(members),
                    where + ": MILLRACE_CLUSTER_MEMBERS " + listed + " are not the containers " + members,
                    problems);
            entry.getValue()
                    .vodImportUrl()
                    .ifPresent(url -> expect(
                            gatewayNames.contains(url.getHost()) && url.getPort() == code.httpPort(),
                            where + ": MILLRACE_VOD_IMPORT_URL " + url + " is not a gateway's HTTP port",
                            problems));
        }
        checkPrometheus(millrace.keySet());
        Set<String> hostNames = new TreeSet<>(services.keySet());
        services.values().forEach(service -> hostNames.addAll(aliases((Map<String, Object>) service)));
        for (var entry : services.entrySet()) {
            Map<String, Object> service = (Map<String, Object>) entry.getValue();
            if (String.valueOf(service.get("image")).startsWith("nginx:")) {
                checkNginx(
                        "docker-compose.yml service " + entry.getKey(), service, gatewayNames, ingestNames, hostNames);
            }
        }
    }

    /** The monitoring profile's Prometheus scrapes every Millrace container on its HTTP port, and nothing else. */
    @SuppressWarnings("unchecked")
    private void checkPrometheus(Set<String> millraceNames) throws IOException {
        String where = "monitoring/prometheus.yml";
        Map<String, Object> config = yaml().load(Files.readString(root.resolve(where)));
        Set<String> scraped = new TreeSet<>();
        for (Map<String, Object> job : (List<Map<String, Object>>) config.getOrDefault("scrape_configs", List.of())) {
            for (Map<String, Object> group :
                    (List<Map<String, Object>>) job.getOrDefault("static_configs", List.of())) {
                for (Object target : (List<Object>) group.getOrDefault("targets", List.of())) {
                    String t = String.valueOf(target);
                    expect(
                            t.endsWith(":" + code.httpPort()),
                            where + ": target " + t + " is not on the HTTP port " + code.httpPort(),
                            problems);
                    scraped.add(t.substring(0, t.lastIndexOf(':')));
                }
            }
        }
        expect(
                scraped.equals(new TreeSet<>(millraceNames)),
                where + ": scrapes " + scraped + ", the Millrace containers" + " are " + new TreeSet<>(millraceNames),
                problems);
    }

    /** .env.example names every variable the compose file requires, and only documented ones. */
    private void checkEnvExample(String composeText) throws IOException {
        Path example = root.resolve(".env.example");
        if (!Files.isRegularFile(example)) {
            problems.add(".env.example: missing (docker-compose.yml tells operators to copy it)");
            return;
        }
        String text = Files.readString(example);
        code.checkVariables(".env.example", text, Set.of(), problems);
        Matcher required = REQUIRED.matcher(composeText);
        while (required.find()) {
            expect(
                    Pattern.compile("(?m)^" + required.group(1) + "=")
                            .matcher(text)
                            .find(),
                    ".env.example: does not" + " name " + required.group(1) + ", which docker-compose.yml requires",
                    problems);
        }
    }

    @SuppressWarnings("unchecked")
    private void checkNginx(
            String where,
            Map<String, Object> service,
            Set<String> gatewayNames,
            Set<String> ingestNames,
            Set<String> hostNames)
            throws IOException, InterruptedException {
        Map<Path, Boolean> templates = new LinkedHashMap<>();
        for (Object volume : (List<Object>) service.getOrDefault("volumes", List.of())) {
            String[] mount = String.valueOf(volume).split(":");
            if (mount[0].endsWith(".template")) {
                Path template = Path.of(mount[0]);
                expect(
                        Files.isRegularFile(template),
                        where + ": mounts " + mount[0] + ", which does not exist",
                        problems);
                if (Files.isRegularFile(template)) {
                    templates.put(template, mount[1].endsWith(".stream-template"));
                }
            }
        }
        Set<String> placeholders = templatePlaceholders(List.copyOf(templates.keySet()));
        Map<String, String> env = environment(service);
        NginxSyntaxCheck.check(where, templates, env, hostNames, problems);
        Set<String> given = new TreeSet<>(env.keySet());
        given.removeIf(key -> !key.startsWith("MILLRACE_"));
        expect(
                given.equals(placeholders),
                where + ": its MILLRACE_* environment " + given + " is not what its" + " templates fill in "
                        + placeholders,
                problems);
        URI gateway = URI.create("http://" + env.getOrDefault("MILLRACE_GATEWAY", "?"));
        expect(
                gatewayNames.contains(gateway.getHost()) && gateway.getPort() == code.httpPort(),
                where + ": MILLRACE_GATEWAY " + gateway.getAuthority() + " is not the gateways' HTTP port",
                problems);
        Set<String> srtNodes = new TreeSet<>();
        Matcher node =
                Pattern.compile("server ([A-Za-z0-9.-]+):(\\d+)").matcher(env.getOrDefault("MILLRACE_SRT_NODES", ""));
        while (node.find()) {
            srtNodes.add(node.group(1));
            expect(
                    Integer.parseInt(node.group(2)) == code.srtPort(),
                    where + ": MILLRACE_SRT_NODES sends to " + node.group() + ", not the SRT port " + code.srtPort(),
                    problems);
        }
        expect(
                srtNodes.equals(ingestNames),
                where + ": MILLRACE_SRT_NODES lists " + srtNodes + ", the ingest" + " containers are " + ingestNames,
                problems);
        boolean srt = ((List<Object>) service.getOrDefault("ports", List.of()))
                .stream()
                        .anyMatch(port -> port instanceof Map<?, ?> p
                                && String.valueOf(code.srtPort()).equals(String.valueOf(p.get("target")))
                                && "udp".equals(p.get("protocol")));
        expect(srt, where + ": does not publish SRT " + code.srtPort() + "/udp", problems);
    }

    private List<Path> nginxTemplates() throws IOException {
        return nginxTemplates(root);
    }

    /** The nginx templates of the repository at {@code root}. */
    static List<Path> nginxTemplates(Path root) throws IOException {
        try (var files = Files.list(root.resolve("nginx"))) {
            return files.filter(f -> f.toString().endsWith(".template"))
                    .sorted()
                    .toList();
        }
    }

    private Set<String> templatePlaceholders(List<Path> templates) {
        return templatePlaceholders(templates, problems);
    }

    /** The {@code ${MILLRACE_*}} names the templates fill in (the official image's envsubst, filtered to MILLRACE_). */
    static Set<String> templatePlaceholders(List<Path> templates, List<String> problems) {
        Set<String> names = new TreeSet<>();
        for (Path template : templates) {
            try {
                Matcher m = PLACEHOLDER.matcher(Files.readString(template));
                while (m.find()) {
                    names.add(m.group(1));
                }
            } catch (IOException e) {
                problems.add(template + ": unreadable: " + e.getMessage());
            }
        }
        return names;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> environment(Map<String, Object> service) {
        Map<String, String> env = new LinkedHashMap<>();
        ((Map<String, Object>) service.getOrDefault("environment", Map.of()))
                .forEach((k, v) -> env.put(k, v == null ? "" : String.valueOf(v)));
        return env;
    }

    @SuppressWarnings("unchecked")
    private static List<String> aliases(Map<String, Object> service) {
        List<String> aliases = new ArrayList<>();
        if (service.get("networks") instanceof Map<?, ?> networks) {
            networks.values().forEach(n -> {
                if (n instanceof Map<?, ?> network && network.get("aliases") instanceof List<?> list) {
                    list.forEach(a -> aliases.add(String.valueOf(a)));
                }
            });
        }
        return aliases;
    }

    private static boolean dependsWithConditions(Map<String, Object> service) {
        return service.get("depends_on") instanceof Map<?, ?> depends
                && !depends.isEmpty()
                && depends.values().stream().allMatch(d -> d instanceof Map<?, ?> m && m.get("condition") != null);
    }

    static Yaml yaml() {
        return new Yaml(new SafeConstructor(new LoaderOptions()));
    }

    private record Result(int exitCode, String output) {}

    /** docker-compose on the file with only the given variables (no .env, nothing from this JVM's environment). */
    private Result compose(Map<String, String> variables, String... args) throws IOException, InterruptedException {
        Path emptyEnvFile = Files.createTempFile("compose", ".env");
        try {
            List<String> command = new ArrayList<>(List.of(
                    dockerCompose,
                    "--env-file",
                    emptyEnvFile.toString(),
                    "--project-directory",
                    root.toString(),
                    "-f",
                    root.resolve("docker-compose.yml").toString()));
            command.addAll(List.of(args));
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(false);
            builder.environment().keySet().removeIf(key -> key.startsWith("MILLRACE_") || key.startsWith("COMPOSE_"));
            builder.environment().putAll(variables);
            Process process;
            try {
                process = builder.start();
            } catch (IOException e) {
                problems.add("docker-compose (" + dockerCompose + ") cannot run: " + e.getMessage()
                        + "; install Debian's docker-compose (.ci/run does)");
                return new Result(-1, "");
            }
            process.getOutputStream().close();
            var stderr = process.getErrorStream();
            byte[] out = process.getInputStream().readAllBytes();
            String err = new String(stderr.readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return new Result(-1, "timed out");
            }
            int code = process.exitValue();
            return new Result(code, code == 0 ? new String(out, StandardCharsets.UTF_8) : err);
        } finally {
            Files.deleteIfExists(emptyEnvFile);
        }
    }
}
