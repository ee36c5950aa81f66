/**
 * The live terminal view of a run ({@code LiveView}). May use {@code observe/}, {@code faults/} and
 * the sensor simulator's ground truth.
 */
package dev.dqnotify.localrun.view;
