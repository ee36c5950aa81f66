/**
 * The Datadog simulator ({@code DatadogSimulator}): Events, Monitors and admin APIs on WireMock,
 * scripted faults and event-monitor notifications. Uses nothing else of dqnotify.
 */
package dev.dqnotify.localstack.datadog;
