/**
 * Metrics, logs and the health endpoints: each notable happening logged and counted in one place
 * ({@code ForwarderMetrics}). May use the stage packages' value types, {@code dev.dqnotify.config} and the schemas.
 */
package dev.dqnotify.forwarder.telemetry;
