# The ingest job on Apache Spark's official image (Spark 3.5, Scala 2.12, Java 17). Build from the
# repository root after `./mvnw package -DskipTests`:
#   docker build -f deploy/docker/ingest-job.Dockerfile -t dqnotify/ingest-job:0.1.0 .
# The same image serves spark-submit on Kubernetes (spark.kubernetes.container.image).
FROM apache/spark:3.5.7-scala2.12-java17-ubuntu
COPY ingest-job/target/dqnotify-ingest-job-0.1.0-SNAPSHOT-spark-app.jar /opt/dqnotify/ingest-job.jar
COPY deploy/config/ingest-job.conf /etc/dqnotify/ingest-job.conf
# spark-submit adds the Java 17 --add-opens flags itself.
ENTRYPOINT ["/opt/spark/bin/spark-submit", "--class", "dev.dqnotify.ingest.IngestJob", "--master", "local[2]", \
  "--conf", "spark.sql.shuffle.partitions=3", "--conf", "spark.ui.enabled=false", "/opt/dqnotify/ingest-job.jar"]
CMD ["--config", "/etc/dqnotify/ingest-job.conf"]
