/**
 * Typed configuration shared by every module: settings declared once with default and description,
 * their sources in order, the generated reference, secrets and redaction, durations. Uses the JDK and
 * kafka-clients' config names.
 */
package dev.dqnotify.config;
