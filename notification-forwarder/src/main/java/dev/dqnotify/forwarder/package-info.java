/**
 * The app: {@code ForwarderMain} and its commands' base, {@code ForwarderConfig}, {@code Stages} (the one
 * place stages are built), {@code BoundedRun} (the one wiring of a replay or redrive) and {@code Forwarder}
 * (the live service). May use every package below it, {@code dev.dqnotify.config} and the schemas.
 */
package dev.dqnotify.forwarder;
