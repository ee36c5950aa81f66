/**
 * A standalone Spark cluster, master and workers in their own JVMs ({@code SparkCluster}). May use
 * {@code process/} and the recorded Spark classpath of {@code local-stack-spark-binaries}.
 */
package dev.dqnotify.localstack.spark;
