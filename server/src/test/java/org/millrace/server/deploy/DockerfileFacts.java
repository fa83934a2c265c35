package org.millrace.server.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Dockerfile's instructions that deployments depend on: base image, jar, ENV defaults, ports, user, probe, and
 * where each other COPY puts its source ({@code copies}: the web app's files, which the k8s edge copies out).
 */
record DockerfileFacts(
        String from,
        String copySource,
        String copyTarget,
        Map<String, String> copies,
        Map<String, String> env,
        List<String> exposed,
        String user,
        String healthcheck,
        String entrypoint) {

    private static final Pattern ENV_PAIR = Pattern.compile("(\\w+)=(\"([^\"]*)\"|\\S+)");

    static DockerfileFacts read(Path dockerfile) throws IOException {
        String from = "";
        String copySource = "";
        String copyTarget = "";
        Map<String, String> copies = new LinkedHashMap<>();
        Map<String, String> env = new LinkedHashMap<>();
        List<String> exposed = new ArrayList<>();
        String user = "";
        String healthcheck = "";
        String entrypoint = "";
        for (String instruction : instructions(Files.readString(dockerfile))) {
            String[] parts = instruction.split("\\s+", 2);
            String args = parts.length > 1 ? parts[1].strip() : "";
            switch (parts[0].toUpperCase()) {
                case "FROM" -> from = args;
                case "COPY" -> {
                    String[] paths = args.split("\\s+");
                    if (paths[0].endsWith(".jar")) {
                        copySource = paths[0];
                        copyTarget = paths[paths.length - 1];
                    } else {
                        copies.put(paths[0], paths[paths.length - 1]);
                    }
                }
                case "ENV" -> {
                    Matcher pair = ENV_PAIR.matcher(args);
                    while (pair.find()) {
                        env.put(pair.group(1), pair.group(3) != null ? pair.group(3) : pair.group(2));
                    }
                }
                case "EXPOSE" -> exposed.addAll(List.of(args.split("\\s+")));
                case "USER" -> user = args;
                case "HEALTHCHECK" -> healthcheck = args;
                case "ENTRYPOINT" -> entrypoint = args;
                default -> {}
            }
        }
        return new DockerfileFacts(from, copySource, copyTarget, copies, env, exposed, user, healthcheck, entrypoint);
    }

    /** Instructions with their continuation lines joined, comments and blank lines left out. */
    private static List<String> instructions(String text) {
        List<String> result = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : text.split("\n")) {
            String stripped = line.strip();
            if (stripped.startsWith("#") || stripped.isEmpty()) {
                continue;
            }
            if (stripped.endsWith("\\")) {
                current.append(stripped, 0, stripped.length() - 1).append(' ');
                continue;
            }
            result.add(current.append(stripped).toString());
            current.setLength(0);
        }
        return result;
    }

    int eventBusPort() {
        return Integer.parseInt(env.getOrDefault("MILLRACE_EVENTBUS_PORT", "0"));
    }

    void check(CodeFacts code, List<String> problems) {
        String where = "Dockerfile";
        expect(
                from.equals("eclipse-temurin:17-jre"),
                where + ": FROM is " + from + ", not eclipse-temurin:17-jre",
                problems);
        expect(
                copySource.equals(code.jarPath()),
                where + ": COPY takes " + copySource + ", the build makes " + code.jarPath(),
                problems);
        expect(
                entrypoint.contains("\"" + copyTarget + "\""),
                where + ": ENTRYPOINT does not run " + copyTarget,
                problems);
        expect(
                !user.isEmpty() && !user.startsWith("root") && !user.startsWith("0"),
                where + ": runs as root",
                problems);
        int eventBus = eventBusPort();
        expect(eventBus > 0, where + ": MILLRACE_EVENTBUS_PORT is not fixed", problems);
        for (String port : List.of(
                String.valueOf(code.httpPort()),
                code.srtPort() + "/udp",
                String.valueOf(code.clusterPort()),
                String.valueOf(eventBus))) {
            expect(exposed.contains(port), where + ": EXPOSE lacks " + port + " (has " + exposed + ")", problems);
        }
        expect(
                env.getOrDefault("MILLRACE_HTTP_PORT", String.valueOf(code.httpPort()))
                        .equals(String.valueOf(code.httpPort())),
                where + ": MILLRACE_HTTP_PORT differs from the exposed " + code.httpPort(),
                problems);
        expect(
                healthcheck.contains(code.healthPath()),
                where + ": HEALTHCHECK does not probe " + code.healthPath(),
                problems);
        code.checkVariables(where, String.join(" ", env.keySet()), Set.of(), problems);
    }

    static void expect(boolean condition, String problem, List<String> problems) {
        if (!condition) {
            problems.add(problem);
        }
    }
}
