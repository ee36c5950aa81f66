/**
 * Folding events into notifications ({@code EventGrouper}), each released with the source of every
 * event in it ({@code Grouped}). May use the schemas only.
 */
package dev.dqnotify.forwarder.group;
