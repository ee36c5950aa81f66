# The notification forwarder. Build from the repository root after `./mvnw package -DskipTests`:
#   docker build -f deploy/docker/forwarder.Dockerfile -t dqnotify/forwarder:0.1.0 .
FROM eclipse-temurin:17-jre
COPY notification-forwarder/target/dist /opt/dqnotify/forwarder
COPY deploy/config/forwarder.conf /etc/dqnotify/forwarder.conf
# An unprivileged user; the forwarder writes nothing to disk.
USER 65532:65532
EXPOSE 9464
# Liveness for orchestrators that do not poll HTTP themselves; Kubernetes should use /health and /ready.
HEALTHCHECK --interval=30s --timeout=5s CMD ["sh", "-c", "exec 3<>/dev/tcp/127.0.0.1/9464 || exit 1"]
# SIGTERM is a graceful stop (in-flight work finishes, offsets committed); give it 45 s (docker stop -t 45).
STOPSIGNAL SIGTERM
ENTRYPOINT ["/opt/dqnotify/forwarder/bin/dq-forwarder"]
CMD ["run", "--config", "/etc/dqnotify/forwarder.conf"]
