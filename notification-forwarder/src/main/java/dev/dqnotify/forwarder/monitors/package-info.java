/**
 * {@code dq-forwarder monitors} and {@code dashboard}: Datadog monitors and the dashboard as code,
 * two commands on one shell ({@code DatadogAsCodeCommand}: keys, plan/apply, exit codes).
 * May use {@code render/}'s tag names, {@code deliver/}'s Datadog client setup, the root's config and {@code dev.dqnotify.config}.
 */
package dev.dqnotify.forwarder.monitors;
