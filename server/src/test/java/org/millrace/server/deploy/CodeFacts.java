package org.millrace.server.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.millrace.core.config.ConfigException;
import org.millrace.core.config.ConfigLoader;
import org.millrace.core.config.ConfigVariable;
import org.millrace.core.config.MillraceConfig;

/** What the code and the README fix that the deployment files must agree with: variables, ports, the health path, the jar. */
record CodeFacts(
        Set<String> configVariables,
        Set<String> readmeVariables,
        Set<String> readmeSecretKeys,
        int httpPort,
        int srtPort,
        int clusterPort,
        String healthPath,
        String jarPath) {

    /** Every role serves it on MILLRACE_HTTP_PORT (the gateway's HealthHandler, the launcher's health server). */
    static final String HEALTH_PATH = "/health";
    /** The Secret the Kubernetes manifests read and the README tells operators to create. */
    static final String SECRET_NAME = "millrace-secrets";

    private static final Pattern README_ROW = Pattern.compile("(?m)^\\| `(MILLRACE_[A-Z0-9_]+)` \\|");
    private static final Pattern FINAL_NAME = Pattern.compile("<finalName>([^<]+)</finalName>");
    private static final Pattern VARIABLE = Pattern.compile("MILLRACE_[A-Z0-9_]+");

    static CodeFacts read(Path root) throws IOException {
        Set<String> config = Arrays.stream(ConfigVariable.values())
                .map(ConfigVariable::env)
                .collect(Collectors.toCollection(TreeSet::new));
        String readme = Files.readString(root.resolve("README.md"));
        Set<String> table = new TreeSet<>();
        Matcher row = README_ROW.matcher(readme);
        while (row.find()) {
            table.add(row.group(1));
        }
        Set<String> secretKeys = new TreeSet<>();
        int command = readme.indexOf("create secret generic " + SECRET_NAME);
        if (command >= 0) {
            String block = readme.substring(command, readme.indexOf("\n```", command));
            Matcher literal = Pattern.compile("--from-literal=(\\w+)=").matcher(block);
            while (literal.find()) {
                secretKeys.add(literal.group(1));
            }
        }
        Matcher finalName = FINAL_NAME.matcher(Files.readString(root.resolve("server/pom.xml")));
        String jar =
                finalName.find() ? "server/target/" + finalName.group(1) + ".jar" : "(no finalName in server/pom.xml)";
        return new CodeFacts(
                config,
                table,
                secretKeys,
                Integer.parseInt(ConfigVariable.HTTP_PORT.defaultValue()),
                Integer.parseInt(ConfigVariable.SRT_PORT.defaultValue()),
                Integer.parseInt(ConfigVariable.CLUSTER_PORT.defaultValue()),
                HEALTH_PATH,
                jar);
    }

    /** Every MILLRACE_* name in the text, except the allowed non-configuration ones, must be a documented variable. */
    void checkVariables(String where, String text, Set<String> allowedOthers, List<String> problems) {
        Matcher name = VARIABLE.matcher(text);
        Set<String> seen = new TreeSet<>();
        while (name.find()) {
            seen.add(name.group());
        }
        for (String variable : seen) {
            if (allowedOthers.contains(variable)) {
                continue;
            }
            if (!configVariables.contains(variable)) {
                problems.add(where + ": " + variable + " is not a ConfigVariable");
            }
            if (!readmeVariables.contains(variable)) {
                problems.add(where + ": " + variable + " is not in the README's configuration table");
            }
        }
    }

    /** Loads the configuration a container would; a problem names the container and what Millrace refuses. */
    static MillraceConfig load(String where, Map<String, String> env, List<String> problems) {
        try {
            return new ConfigLoader(new LinkedHashMap<>(env)).load();
        } catch (ConfigException e) {
            problems.add(where + ": Millrace refuses its configuration: " + e.getMessage());
            return null;
        }
    }
}
