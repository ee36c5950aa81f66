# The local-stack tools: the Datadog API simulator and the sensor simulator. Build from the
# repository root after `./mvnw package -DskipTests` (docker-compose passes the build argument; by
# hand, JAVA_VERSION is the POM's maven.compiler.release):
#   docker build -f deploy/docker/local-stack.Dockerfile --build-arg JAVA_VERSION=17 -t dqnotify/local-stack .
ARG JAVA_VERSION
FROM eclipse-temurin:${JAVA_VERSION}-jre
COPY local-stack/target/dist /opt/dqnotify/local-stack
# The sensors write the store metadata and the ground truth to a named volume mounted here: an
# empty named volume takes the ownership of the directory it is first mounted on.
RUN mkdir -p /var/lib/dqnotify/stores && chown -R 65532:65532 /var/lib/dqnotify
USER 65532:65532
ENTRYPOINT ["/opt/dqnotify/local-stack/bin/local-stack"]
CMD ["--help"]
