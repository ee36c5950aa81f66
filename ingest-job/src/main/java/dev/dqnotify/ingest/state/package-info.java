/**
 * State carried from batch to batch next to the streaming checkpoint: the driver's small detector
 * state, one file per batch ({@code DetectorCheckpoint}). May use Hadoop's file system and {@code detect/}'s constants.
 */
package dev.dqnotify.ingest.state;
