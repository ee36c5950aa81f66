/**
 * Reference data the rules and the curated output look records up in: the store metadata
 * ({@code StoreDirectory}). Uses nothing else of dqnotify.
 */
package dev.dqnotify.ingest.reference;
