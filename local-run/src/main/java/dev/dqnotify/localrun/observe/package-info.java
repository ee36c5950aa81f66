/**
 * Watching a run from outside: the outbox, the job's progress, the forwarder's telemetry, Datadog's
 * deliveries and the Teams channels. May use the schemas, the simulator and the forwarder's render and monitors.
 */
package dev.dqnotify.localrun.observe;
