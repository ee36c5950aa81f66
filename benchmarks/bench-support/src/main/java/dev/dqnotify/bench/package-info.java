/**
 * Shared benchmark harness support (JDK, Jackson, XChart): command-line arguments, the machine's
 * description, result files (JSON and Markdown sections), plots and statistics; both harnesses
 * (forwarder-bench, ingest-bench) use it.
 */
package dev.dqnotify.bench;
