/**
 * Writing the clean messages to the curated Delta Lake table ({@code CuratedWriter}). May use
 * {@code parse/} and {@code reference/}.
 */
package dev.dqnotify.ingest.sink;
