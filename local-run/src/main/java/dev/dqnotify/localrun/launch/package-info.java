/**
 * Starting the ingest job and the forwarder as child processes and stopping them in order
 * ({@code Children}, the launchers). May use the local stack's {@code process/}, {@code dev.dqnotify.config}
 * and the forwarder's {@code ForwarderConfig}.
 */
package dev.dqnotify.localrun.launch;
