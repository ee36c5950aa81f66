/**
 * Turning notifications into Datadog events: title, text, tags, pages ({@code DatadogEventRenderer}).
 * May use {@code group/}, {@code filter/}'s silence summaries and the schemas.
 */
package dev.dqnotify.forwarder.render;
