/**
 * Which events go on, one job per type: {@code EventScreen} (the selection and minimum severity, before
 * dedupe), {@code Silences} (which {@code Silence} holds an event back now, after dedupe) and
 * {@code SilenceSummaries} (what each silence held back, summarised once it ends). May use the schemas only.
 */
package dev.dqnotify.forwarder.filter;
