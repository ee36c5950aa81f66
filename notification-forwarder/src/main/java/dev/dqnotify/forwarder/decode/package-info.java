/**
 * Turning outbox bytes into {@code DqEvent}s ({@code EventDecoder}). May use the schemas, their codec
 * and the registry client only.
 */
package dev.dqnotify.forwarder.decode;
