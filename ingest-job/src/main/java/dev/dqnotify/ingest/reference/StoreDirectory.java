package dev.dqnotify.ingest.reference;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The store metadata (reference data), loaded once from its CSV file and broadcast to every task.
 * Loading checks every line, so a broken metadata file stops the job at start-up with the line
 * number and what is wrong, rather than mislabelling every event of a store.
 */
public final class StoreDirectory implements Serializable {
  private static final long serialVersionUID = 1L;

  static final List<String> HEADER = List.of("store_id", "name", "size_class", "region", "team", "timezone");
  private static final Set<String> SIZE_CLASSES = Set.of("S", "M", "L");

  private final Map<String, Store> stores;

  StoreDirectory(Map<String, Store> stores) {
    this.stores = Collections.unmodifiableMap(new LinkedHashMap<>(stores));
  }

  /**
   * Loads the CSV file: a header line {@code store_id,name,size_class,region,team,timezone}, then
   * one store per line. Fields may be quoted with {@code "} (a doubled {@code ""} inside quotes is
   * a quote). Blank lines are skipped.
   *
   * @throws IllegalArgumentException naming the file, the line and the problem
   */
  public static StoreDirectory load(Path csv) {
    Map<String, Store> stores = new LinkedHashMap<>();
    try (BufferedReader reader = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
      String headerLine = reader.readLine();
      if (headerLine == null) {
        throw problem(csv, 1, "the file is empty; expected the header " + String.join(",", HEADER));
      }
      List<String> header = split(headerLine.replace("\uFEFF", ""), csv, 1);
      if (!header.equals(HEADER)) {
        throw problem(csv, 1, "the header is " + header + "; expected " + String.join(",", HEADER));
      }
      int lineNumber = 1;
      for (String line; (line = reader.readLine()) != null; ) {
        lineNumber++;
        if (line.isBlank()) {
          continue;
        }
        List<String> fields = split(line, csv, lineNumber);
        if (fields.size() != HEADER.size()) {
          throw problem(csv, lineNumber, "has " + fields.size() + " fields; expected " + HEADER.size());
        }
        Store store = new Store(fields.get(0), fields.get(1), fields.get(2), fields.get(3), fields.get(4), fields.get(5));
        if (store.storeId().isEmpty()) {
          throw problem(csv, lineNumber, "store_id is empty");
        }
        if (!SIZE_CLASSES.contains(store.sizeClass())) {
          throw problem(csv, lineNumber, "size_class is '" + store.sizeClass() + "'; expected S, M or L");
        }
        if (!store.timezone().isEmpty()) {
          try {
            ZoneId.of(store.timezone());
          } catch (DateTimeException e) {
            throw problem(csv, lineNumber, "timezone '" + store.timezone() + "' is not a time-zone id like Europe/Berlin");
          }
        }
        if (stores.putIfAbsent(store.storeId(), store) != null) {
          throw problem(csv, lineNumber, "store_id '" + store.storeId() + "' appears twice");
        }
      }
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("Store metadata file " + csv.toAbsolutePath() + " does not exist");
    } catch (IOException e) {
      throw new IllegalArgumentException("Store metadata file " + csv.toAbsolutePath() + " cannot be read: " + e.getMessage());
    }
    return new StoreDirectory(stores);
  }

  /** The store with this id, if the metadata knows it. */
  public Optional<Store> find(String storeId) {
    return Optional.ofNullable(storeId == null ? null : stores.get(storeId));
  }

  /** Every store in the metadata. */
  public Collection<Store> all() {
    return stores.values();
  }

  /** How many stores the metadata lists. */
  public int size() {
    return stores.size();
  }

  private static IllegalArgumentException problem(Path csv, int line, String what) {
    return new IllegalArgumentException("Store metadata " + csv + " line " + line + ": " + what);
  }

  /** Splits one CSV line (RFC 4180 quoting, no line breaks inside fields). */
  static List<String> split(String line, Path csv, int lineNumber) {
    List<String> fields = new java.util.ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          field.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          field.append(c);
        }
      } else if (c == '"' && field.length() == 0) {
        quoted = true;
      } else if (c == ',') {
        fields.add(field.toString().trim());
        field.setLength(0);
      } else {
        field.append(c);
      }
    }
    if (quoted) {
      throw problem(csv, lineNumber, "a quoted field is not closed");
    }
    fields.add(field.toString().trim());
    return fields;
  }
}
