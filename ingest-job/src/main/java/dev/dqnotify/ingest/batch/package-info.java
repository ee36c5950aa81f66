/**
 * One micro-batch's detection behind one detect/commit pair ({@code BatchDetection}): the rules' pass
 * and the duplicate pass on the executors, and the findings their tasks hand the driver. May use
 * {@code detect/}, {@code state/}, {@code parse/}, {@code reference/} and {@code source/}.
 */
package dev.dqnotify.ingest.batch;
