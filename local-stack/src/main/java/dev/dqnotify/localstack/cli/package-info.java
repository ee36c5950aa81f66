/**
 * The {@code local-stack} command line ({@code up}, {@code sensors}, {@code datadog-simulator}). May use
 * every package of the local stack and {@code dev.dqnotify.config}.
 */
package dev.dqnotify.localstack.cli;
