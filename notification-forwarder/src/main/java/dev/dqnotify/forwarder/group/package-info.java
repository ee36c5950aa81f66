/**
 * Folding events into notifications ({@code EventGrouper}). May use the schemas only.
 */
package dev.dqnotify.forwarder.group;
