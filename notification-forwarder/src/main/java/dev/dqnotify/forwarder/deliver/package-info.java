/**
 * Posting Datadog events: the HTTP client, outcome classification, backoff and rate limit
 * ({@code RetryingDeliverer}, {@code DatadogEventsClient}). May use {@code render/}, {@code telemetry/} and {@code dev.dqnotify.config}.
 */
package dev.dqnotify.forwarder.deliver;
