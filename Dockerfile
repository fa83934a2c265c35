# Millrace: one image for every service role; MILLRACE_SERVICES picks the roles a container runs (unset = all of
# them, the all-in-one server). The jar is built outside the image, where the project's tests run:
#
#   mvn -B -DskipTests package          # server/target/millrace-server.jar (the web app and FFmpeg inside)
#   docker build -t millrace:latest .
#
# docker-compose.yml and k8s/ run this image; see README "Run on several machines".
FROM eclipse-temurin:17-jre

# A fixed uid/gid so that volumes, Kubernetes' runAsUser/fsGroup and this image agree.
RUN groupadd --system --gid 10001 millrace \
 && useradd --system --uid 10001 --gid millrace --home-dir /var/lib/millrace --no-create-home \
        --shell /usr/sbin/nologin millrace \
 && mkdir -p /opt/millrace /var/lib/millrace \
 && chown millrace:millrace /var/lib/millrace

# The web app's files as well, for the Kubernetes caching edge (k8s/base/edge.yaml copies them into its nginx).
COPY web/target/classes/webroot /opt/millrace/webroot
COPY server/target/millrace-server.jar /opt/millrace/millrace-server.jar

# Container defaults: listen on every interface, keep data in the volume, fixed cluster ports so that peers and
# firewalls know them (5701 Hazelcast, 15701 the clustered event bus). MILLRACE_CLUSTER_PUBLIC_HOST (the name or
# address the other members reach this container at) is set per container by compose / Kubernetes.
# FFmpeg (ingest) lives outside the Java heap: the heap gets half of the container's memory.
ENV MILLRACE_HTTP_HOST=0.0.0.0 \
    MILLRACE_HTTP_PORT=8080 \
    MILLRACE_SRT_PORT=8890 \
    MILLRACE_DATA_DIR=/var/lib/millrace \
    MILLRACE_CLUSTER_HOST=0.0.0.0 \
    MILLRACE_CLUSTER_PORT=5701 \
    MILLRACE_EVENTBUS_PORT=15701 \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=50 -XX:+ExitOnOutOfMemoryError"

# Embedded database, local storage, generated secrets and the transcoder's spool when no external ones are set.
VOLUME ["/var/lib/millrace"]

# HTTP (gateway API and /health on every role), SRT ingest, Hazelcast, clustered event bus.
EXPOSE 8080 8890/udp 5701 15701

USER millrace:millrace
WORKDIR /var/lib/millrace

# Every role answers GET /health on MILLRACE_HTTP_PORT (the base image has curl).
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
    CMD curl -fsS -o /dev/null "http://127.0.0.1:${MILLRACE_HTTP_PORT}/health" || exit 1

# `docker run millrace admin grant <username>` runs the admin command with the same environment.
ENTRYPOINT ["java", "-jar", "/opt/millrace/millrace-server.jar"]
