package org.millrace.server.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * The nginx container's configuration as the official image assembles it (each {@code *.template} filled in from
 * its environment into the http context, each {@code *.stream-template} into a stream block), checked by Debian's
 * {@code nginx -t}. The compose network's names are not resolvable here, so they stand for loopback (and its cache
 * directory for one in a temp dir).
 */
final class NginxSyntaxCheck {
    private static final Path STREAM_MODULE = Path.of("/usr/lib/nginx/modules/ngx_stream_module.so");

    private NginxSyntaxCheck() {}

    /** @param templates each template file with whether it goes into the stream context */
    static void check(
            String where,
            Map<Path, Boolean> templates,
            Map<String, String> env,
            Set<String> hostNames,
            List<String> problems)
            throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("nginx-check");
        try {
            StringBuilder http = new StringBuilder();
            StringBuilder stream = new StringBuilder();
            for (var template : templates.entrySet()) {
                String text = Files.readString(template.getKey());
                for (var variable : env.entrySet()) {
                    // The container's cache directory (nginx -t creates it) stands for one under the temp dir.
                    String value = variable.getKey().equals("MILLRACE_NGINX_CACHE_DIR")
                            ? dir.resolve("cache").toString()
                            : variable.getValue();
                    text = text.replace("${" + variable.getKey() + "}", value);
                }
                for (String host : hostNames) {
                    text = text.replaceAll("(?<=[\\s;])" + Pattern.quote(host) + "(?=:\\d)", "127.0.0.1");
                }
                Path file = dir.resolve(template.getKey().getFileName() + ".conf");
                Files.writeString(file, text);
                (template.getValue() ? stream : http)
                        .append("  include ")
                        .append(file)
                        .append(";\n");
            }
            String temp = dir.toString();
            String conf = (stream.isEmpty() ? "" : "load_module " + STREAM_MODULE + ";\n")
                    + "pid " + temp + "/nginx.pid;\nerror_log " + temp + "/error.log;\n"
                    + "events { worker_connections 64; }\n"
                    + "http {\n  include /etc/nginx/mime.types;\n  access_log off;\n"
                    + "  client_body_temp_path " + temp + "/body;\n  proxy_temp_path " + temp + "/proxy;\n"
                    + "  fastcgi_temp_path " + temp + "/fastcgi;\n  uwsgi_temp_path " + temp + "/uwsgi;\n"
                    + "  scgi_temp_path " + temp + "/scgi;\n" + http + "}\n"
                    + (stream.isEmpty() ? "" : "stream {\n" + stream + "}\n");
            Files.writeString(dir.resolve("nginx.conf"), conf);
            String binary = Files.isExecutable(Path.of("/usr/sbin/nginx")) ? "/usr/sbin/nginx" : "nginx";
            Process nginx;
            try {
                nginx = new ProcessBuilder(
                                binary, "-t", "-q", "-e", temp + "/error.log", "-p", temp, "-c", temp + "/nginx.conf")
                        .redirectErrorStream(true)
                        .start();
            } catch (IOException e) {
                problems.add(where + ": nginx cannot run to test its configuration: " + e.getMessage()
                        + "; install Debian's nginx (.ci/run does)");
                return;
            }
            String output = new String(nginx.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!nginx.waitFor(30, TimeUnit.SECONDS)) {
                nginx.destroyForcibly();
                problems.add(where + ": nginx -t did not finish");
            } else if (nginx.exitValue() != 0) {
                problems.add(where + ": nginx -t rejects its configuration: " + output.strip());
            }
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }
}
