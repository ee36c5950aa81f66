# The notification forwarder. Build from the repository root after `./mvnw package -DskipTests`
# (docker-compose passes the build argument; by hand, JAVA_VERSION is the POM's maven.compiler.release):
#   docker build -f deploy/docker/forwarder.Dockerfile --build-arg JAVA_VERSION=17 -t dqnotify/forwarder .
ARG JAVA_VERSION
FROM eclipse-temurin:${JAVA_VERSION}-jre
COPY notification-forwarder/target/dist /opt/dqnotify/forwarder
COPY deploy/config/forwarder.conf /etc/dqnotify/forwarder.conf
# An unprivileged user; the forwarder writes nothing to disk.
USER 65532:65532
EXPOSE 9464
# Liveness for orchestrators that do not poll HTTP themselves (Kubernetes should probe /health and
# /ready): `dq-forwarder health` asks /health on the port the configuration names and exits 0 or 1.
# A probe starts a small JVM, hence the timeout and the start period.
HEALTHCHECK --interval=30s --timeout=10s --start-period=30s --retries=3 \
  CMD ["/opt/dqnotify/forwarder/bin/dq-forwarder", "health", "--config", "/etc/dqnotify/forwarder.conf"]
# SIGTERM is a graceful stop (in-flight work finishes, offsets committed); give it 45 s (docker stop -t 45).
STOPSIGNAL SIGTERM
ENTRYPOINT ["/opt/dqnotify/forwarder/bin/dq-forwarder"]
CMD ["run", "--config", "/etc/dqnotify/forwarder.conf"]
