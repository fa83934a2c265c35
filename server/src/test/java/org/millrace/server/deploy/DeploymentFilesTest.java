package org.millrace.server.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The deployment files (Dockerfile, docker-compose.yml, nginx/, k8s/) agree with the code and the README, checked with
 * Debian's docker-compose (a real run: CI installs it) and a YAML parser; and each check fails on a copy broken
 * the way an edit could break it.
 */
class DeploymentFilesTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final String DOCKER_COMPOSE = "docker-compose";

    @TempDir
    Path copy;

    /** Every problem found in the deployment files under root. */
    static List<String> problems(Path root, String dockerCompose) throws IOException, InterruptedException {
        List<String> problems = new ArrayList<>();
        CodeFacts code = CodeFacts.read(root);
        DockerfileFacts dockerfile = DockerfileFacts.read(root.resolve("Dockerfile"));
        dockerfile.check(code, problems);
        new ComposeCheck(root, dockerCompose, code, dockerfile, problems).run();
        new KubernetesCheck(root, code, dockerfile, problems).run();
        return problems;
    }

    @Test
    void theDeploymentFilesAgreeWithTheCode() throws Exception {
        assertThat(problems(ROOT, DOCKER_COMPOSE)).isEmpty();
    }

    @Test
    void theCopyTheOtherTestsBreakPassesUnbroken() throws Exception {
        copyRepository();
        assertThat(problems(copy, DOCKER_COMPOSE)).isEmpty();
    }

    @Test
    void anUnknownVariableAndAMissingRoleAreFound() throws Exception {
        copyRepository();
        edit("docker-compose.yml", "MILLRACE_SERVICES: vod", "MILLRACE_SERVICE: vod");
        assertThat(problems(copy, DOCKER_COMPOSE))
                .anySatisfy(p -> assertThat(p).contains("MILLRACE_SERVICE is not a ConfigVariable"))
                .anySatisfy(p -> assertThat(p).contains("service vod: no MILLRACE_SERVICES"));
    }

    @Test
    void aFileDockerComposeRejectsIsFound() throws Exception {
        copyRepository();
        edit("docker-compose.yml", "condition: service_completed_successfully", "condition: service_sometimes");
        assertThat(problems(copy, DOCKER_COMPOSE))
                .anySatisfy(p -> assertThat(p).contains("`docker-compose config -q` fails"));
    }

    @Test
    void aCommittedSecretIsFound() throws Exception {
        copyRepository();
        edit(
                "docker-compose.yml",
                "${MILLRACE_JWT_SECRET:?set it in .env (see .env.example)}",
                "committed-secret-committed-secret-committed-secret");
        assertThat(problems(copy, DOCKER_COMPOSE))
                .anySatisfy(p -> assertThat(p).contains("MILLRACE_JWT_SECRET is not taken from the variable"));
    }

    @Test
    void aRequiredVariableMissingFromTheExampleIsFound() throws Exception {
        copyRepository();
        edit(".env.example", "MILLRACE_INTERNAL_API_KEY=\n", "");
        assertThat(problems(copy, DOCKER_COMPOSE))
                .anySatisfy(p -> assertThat(p).contains(".env.example: does not name MILLRACE_INTERNAL_API_KEY"));
    }

    @Test
    void anNginxConfigurationNginxRejectsIsFound() throws Exception {
        copyRepository();
        edit("docker-compose.yml", "server ingest-2:8890 max_fails=1", "server ingest-2:8890 max_fails=one");
        assertThat(problems(copy, DOCKER_COMPOSE)).anySatisfy(p -> assertThat(p)
                .contains("service nginx: nginx -t rejects its configuration")
                .contains("max_fails"));
    }

    @Test
    void aMissingDockerComposeIsAFailureNotASkip() throws Exception {
        assertThat(problems(ROOT, "/nonexistent/docker-compose"))
                .anySatisfy(p -> assertThat(p).contains("docker-compose (/nonexistent/docker-compose) cannot run"));
    }

    @Test
    void aProbeOnAnotherPathAndAPortTheImageDoesNotExposeAreFound() throws Exception {
        copyRepository();
        edit("k8s/base/ingest.yaml", "path: /health", "path: /healthz");
        edit("k8s/base/vod.yaml", "prometheus.io/port: \"8080\"", "prometheus.io/port: \"9090\"");
        edit("Dockerfile", "EXPOSE 8080 ", "EXPOSE 8081 ");
        edit("Dockerfile", "COPY server/target/millrace-server.jar", "COPY server/target/server.jar");
        assertThat(problems(copy, DOCKER_COMPOSE))
                .anySatisfy(
                        p -> assertThat(p).contains("Deployment millrace-ingest: readinessProbe is not GET /health"))
                .anySatisfy(p -> assertThat(p).contains("Deployment millrace-vod: prometheus.io/port 9090"))
                .anySatisfy(p -> assertThat(p).contains("Dockerfile: EXPOSE lacks 8080"))
                .anySatisfy(p -> assertThat(p).contains("COPY takes server/target/server.jar"));
    }

    @Test
    void aClusterThatCannotFormIsFound() throws Exception {
        copyRepository();
        edit("docker-compose.yml", "ingest-2:5701,", "");
        edit("monitoring/prometheus.yml", "ingest-2:8080", "ingest-2:8081");
        edit("docker-compose.yml", "server ingest-2:8890", "server ingest-3:8890");
        edit("k8s/base/cluster-service.yaml", "clusterIP: None", "type: ClusterIP");
        edit("k8s/base/kustomization.yaml", "  - vod.yaml\n", "");
        assertThat(problems(copy, DOCKER_COMPOSE))
                .anySatisfy(
                        p -> assertThat(p).contains("MILLRACE_CLUSTER_MEMBERS").contains("are not the containers"))
                .anySatisfy(p -> assertThat(p).contains("is not a headless Service"))
                .anySatisfy(p -> assertThat(p).contains("target ingest-2:8081 is not on the HTTP port 8080"))
                .anySatisfy(p -> assertThat(p).contains("MILLRACE_SRT_NODES lists [ingest-1, ingest-3]"))
                .anySatisfy(p ->
                        assertThat(p).contains("k8s/base: the Deployments run").contains("not every service"));
    }

    @Test
    void anEdgeThatWouldJoinTheClusterMissesItsTemplateOrIsBypassedIsFound() throws Exception {
        copyRepository();
        edit(
                "k8s/base/edge.yaml",
                "    metadata:\n      labels:\n        app.kubernetes.io/name: millrace-edge\n",
                "    metadata:\n      labels:\n        app.kubernetes.io/name: millrace\n");
        edit("k8s/base/edge.yaml", "value: millrace-gateway:8080", "value: millrace-gateway:8081");
        edit("nginx/kustomization.yaml", "=millrace.conf.template", "=edge.conf.template");
        edit("k8s/overlays/production/ingress.yaml", "name: millrace-edge", "name: millrace-gateway");
        assertThat(problems(copy, DOCKER_COMPOSE))
                .anySatisfy(
                        p -> assertThat(p).contains("Deployment millrace-edge: its pods are selected by the headless"))
                .anySatisfy(p -> assertThat(p).contains("MILLRACE_GATEWAY millrace-gateway:8081 is not a Service"))
                .anySatisfy(p -> assertThat(p).contains("generates from edge.conf.template, which does not exist"))
                .anySatisfy(p ->
                        assertThat(p).contains("ingress.yaml: sends / to millrace-gateway, not to the caching edge"));
    }

    @Test
    void anEdgeTemplateNginxRejectsIsFound() throws Exception {
        copyRepository();
        edit("k8s/base/edge.yaml", "value: 4g", "value: four-gigabytes");
        edit(
                "Dockerfile",
                "COPY web/target/classes/webroot /opt/millrace/webroot",
                "COPY web/target/classes/webroot /srv/web");
        assertThat(problems(copy, DOCKER_COMPOSE))
                .anySatisfy(p -> assertThat(p).contains("Deployment millrace-edge: nginx -t rejects its configuration"))
                .anySatisfy(p -> assertThat(p).contains("no init container copies the image's web app (/srv/web)"));
    }

    private void copyRepository() throws IOException {
        for (String file : List.of("Dockerfile", "docker-compose.yml", ".env.example", "README.md", "server/pom.xml")) {
            Files.createDirectories(copy.resolve(file).getParent());
            Files.copy(ROOT.resolve(file), copy.resolve(file));
        }
        for (String dir : List.of("k8s", "nginx", "monitoring")) {
            try (var files = Files.walk(ROOT.resolve(dir))) {
                for (Path source : files.toList()) {
                    Path target = copy.resolve(ROOT.relativize(source).toString());
                    if (Files.isDirectory(source)) {
                        Files.createDirectories(target);
                    } else {
                        Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
        }
    }

    private void edit(String file, String from, String to) throws IOException {
        Path path = copy.resolve(file);
        String text = Files.readString(path);
        assertThat(text).as(file).contains(from);
        Files.writeString(path, text.replace(from, to));
    }
}
