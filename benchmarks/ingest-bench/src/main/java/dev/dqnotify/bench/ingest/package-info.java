/**
 * The ingest job's benchmarks: rules cost, decoupling, latency, driver heap, backlog drain and
 * records/s on the local stack. May use the ingest job, local-stack, the forwarder's distribution and bench-support.
 */
package dev.dqnotify.bench.ingest;
