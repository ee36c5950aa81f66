/**
 * Faults a run injects on a schedule ({@code DatadogOutage}). May use the Datadog simulator.
 */
package dev.dqnotify.localrun.faults;
