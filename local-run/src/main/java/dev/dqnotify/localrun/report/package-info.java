/**
 * The run's report, as text, JSON and HTML, checked against the ground truth ({@code RunReport}).
 * May use {@code observe/}, {@code faults/}, the simulator, the sensor ground truth and the
 * forwarder's group and render.
 */
package dev.dqnotify.localrun.report;
