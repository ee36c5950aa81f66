# The local-stack tools: the Datadog API simulator and the sensor simulator. Build from the
# repository root after `./mvnw package -DskipTests`:
#   docker build -f deploy/docker/local-stack.Dockerfile -t dqnotify/local-stack:0.1.0 .
FROM eclipse-temurin:17-jre
COPY local-stack/target/dist /opt/dqnotify/local-stack
USER 65532:65532
ENTRYPOINT ["/opt/dqnotify/local-stack/bin/local-stack"]
CMD ["--help"]
