/**
 * Which events go on: the selection, minimum severity and silences ({@code EventFilter},
 * {@code Silence}). May use the schemas only.
 */
package dev.dqnotify.forwarder.filter;
