/**
 * {@code run-local}: the whole pipeline on one machine, with a live view and a report
 * ({@code RunLocalCommand}, {@code LocalRun}, {@code RunSettings}). May use every package below it and the local stack.
 */
package dev.dqnotify.localrun;
