package dev.dqnotify.faultsuite;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The figures of one scenario, as {@code docs/reliability.md} tabulates them.
 *
 * @param scenario the scenario's name (also its file name)
 * @param fault what was done to the pipeline
 * @param seed the suite's seed
 * @param injected DqEvent ids that had to reach Datadog
 * @param delivered how many of them reached the simulator at least once
 * @param lost injected ids that never reached it
 * @param duplicates Datadog events beyond the first per id ({@code DeliveryLedger#duplicates})
 * @param duplicateBound what the guarantees allow for the faults injected
 * @param deadLettered records on the scenario's dead-letter topic
 * @param expectedDeadLetters records that had to be dead-lettered (garbage)
 * @param kills processes SIGKILLed
 * @param durationMs wall time of the scenario, start-up included
 */
public record Figures(String scenario, String fault, long seed, int injected, int delivered, int lost,
    int duplicates, long duplicateBound, int deadLettered, int expectedDeadLetters, int kills, long durationMs) {

  static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** Writes {@code <dir>/<scenario>.json}. */
  void write(Path dir) {
    try {
      Files.createDirectories(dir);
      JSON.writeValue(dir.resolve(scenario + ".json").toFile(), this);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not write the figures of " + scenario + " to " + dir, e);
    }
  }

  /** Reads a file {@link #write} wrote. */
  static Figures read(Path file) {
    try {
      return JSON.readValue(file.toFile(), Figures.class);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not read figures " + file, e);
    }
  }
}
