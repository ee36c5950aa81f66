/**
 * The ingest job's entry point and assembly ({@code IngestJob}), its configuration, and what runs each
 * micro-batch ({@code BatchProcessor}). May use every stage package below it, {@code dev.dqnotify.config}
 * and the schemas.
 */
package dev.dqnotify.ingest;
