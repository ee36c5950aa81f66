# The ingest job on Apache Spark's official image. Build from the repository root after
# `./mvnw package -DskipTests`; docker-compose passes the build arguments, by hand they are the
# POM's spark.version, scala.binary.version and maven.compiler.release:
#   docker build -f deploy/docker/ingest-job.Dockerfile --build-arg SPARK_VERSION=3.5.7 \
#     --build-arg SCALA_BINARY_VERSION=2.12 --build-arg JAVA_VERSION=17 -t dqnotify/ingest-job .
# Spark's own entrypoint stays: the same image is spark.kubernetes.container.image for
# spark-submit on Kubernetes (the entrypoint's driver/executor modes), and runs any other command
# as given, e.g. docker-compose's `/opt/spark/bin/spark-submit --master local[2] ...`
# (docs/deployment.md, "Containers").
ARG SPARK_VERSION
ARG SCALA_BINARY_VERSION
ARG JAVA_VERSION
FROM apache/spark:${SPARK_VERSION}-scala${SCALA_BINARY_VERSION}-java${JAVA_VERSION}-ubuntu
# The shaded jar under a name without the version, so that neither this file nor a command line
# carries it (exactly one jar matches after a build).
COPY ingest-job/target/dqnotify-ingest-job-*-spark-app.jar /opt/dqnotify/ingest-job.jar
COPY deploy/config/ingest-job.conf /etc/dqnotify/ingest-job.conf
# Mount points for named volumes, owned by the image's user (spark, uid 185): an empty named volume
# takes the ownership of the directory it is first mounted on.
USER root
RUN mkdir -p /var/lib/dqnotify/ingest /var/lib/dqnotify/stores \
  && chown -R 185:185 /var/lib/dqnotify
USER 185
