package dev.dqnotify.forwarder;

import dev.dqnotify.config.ConfigReference;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Keeps the settings table in {@code docs/forwarder.md} generated from {@link ForwarderConfig#SETTINGS}:
 * the table lives between the config module's {@code <!-- settings:begin …-->} and
 * {@code <!-- settings:end -->} markers and is replaced wholesale.
 */
final class ReferenceDocs {

  private ReferenceDocs() {}

  /** {@code document} with its settings block regenerated; equal to it when it is up to date. */
  static String regenerate(String document) {
    return ConfigReference.spliceInto(document, ForwarderConfig.SETTINGS);
  }

  /** Regenerates the block in {@code file}. */
  static void write(Path file) throws IOException {
    String document = Files.readString(file, StandardCharsets.UTF_8);
    Files.writeString(file, regenerate(document), StandardCharsets.UTF_8);
  }
}
