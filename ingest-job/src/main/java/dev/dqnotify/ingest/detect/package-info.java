/**
 * The rules: how a record arrived ({@code ArrivalClassifier}, the one place that sets it), one
 * {@code *Detector} per situation, and the event-time line and spans the stateful rules reason on.
 * May use {@code parse/}, {@code reference/}, {@code source/}'s {@code LostRange} and {@code dev.dqnotify.config}.
 */
package dev.dqnotify.ingest.detect;
