package dev.dqnotify.localstack.sensors;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The stores and their sensors the simulator speaks for, and the store metadata CSV the ingest job
 * loads for them ({@code store_id,name,size_class,region,team,timezone}).
 */
public final class StoreFleet {

  /** The header of the store metadata CSV. */
  public static final String CSV_HEADER = "store_id,name,size_class,region,team,timezone";

  private static final List<String> CITIES = List.of("Hamburg Altona", "Berlin Mitte", "Munich Schwabing",
      "Cologne Ehrenfeld", "Leipzig Zentrum", "Bremen Viertel", "Dresden Neustadt", "Hanover List",
      "Nuremberg Gostenhof", "Stuttgart West", "Essen Rüttenscheid", "Kiel Gaarden");
  private static final List<String> SIZE_CLASSES = List.of("M", "L", "S");
  private static final List<String> REGIONS = List.of("north", "east", "south", "west");
  private static final List<String> TIMEZONES = List.of("Europe/Berlin", "Europe/Berlin", "Europe/Zurich",
      "Europe/Amsterdam");

  /**
   * One store of the metadata.
   *
   * @param storeId e.g. {@code store-0042}
   * @param name e.g. {@code Hamburg Altona}
   * @param sizeClass {@code S}, {@code M} or {@code L}
   * @param region e.g. {@code north}
   * @param team owning team, e.g. {@code team-stores-north}
   * @param timezone a time-zone id, e.g. {@code Europe/Berlin}
   * @param sensors the store's sensors, in the order they send within a tick
   */
  public record Store(String storeId, String name, String sizeClass, String region, String team, String timezone,
      List<Sensor> sensors) {
    /** Copies the sensor list. */
    public Store {
      sensors = List.copyOf(sensors);
    }
  }

  /**
   * One sensor; its id is the Kafka key of its messages.
   *
   * @param sensorId e.g. {@code s-0042-climate-01}
   * @param storeId the store it belongs to
   * @param type the contract's device type, e.g. {@code climate}
   * @param manufacturer e.g. {@code Nordlys}
   * @param firmware e.g. {@code 4.2.0}
   */
  public record Sensor(String sensorId, String storeId, String type, String manufacturer, String firmware) {}

  private final List<Store> stores;

  private StoreFleet(List<Store> stores) {
    this.stores = List.copyOf(stores);
  }

  /**
   * A fleet of your own stores.
   *
   * @throws IllegalArgumentException when it is empty, a store has no sensors, or an id repeats
   */
  public static StoreFleet of(List<Store> stores) {
    if (stores.isEmpty()) {
      throw new IllegalArgumentException("a fleet needs at least one store");
    }
    Set<String> ids = new HashSet<>();
    for (Store store : stores) {
      if (!ids.add(store.storeId())) {
        throw new IllegalArgumentException("store id " + store.storeId() + " appears twice");
      }
      if (store.sensors().isEmpty()) {
        throw new IllegalArgumentException("store " + store.storeId() + " has no sensors");
      }
      for (Sensor sensor : store.sensors()) {
        if (!ids.add(sensor.sensorId())) {
          throw new IllegalArgumentException("sensor id " + sensor.sensorId() + " appears twice");
        }
        if (!sensor.storeId().equals(store.storeId())) {
          throw new IllegalArgumentException("sensor " + sensor.sensorId() + " belongs to " + sensor.storeId()
              + ", not to " + store.storeId());
        }
      }
    }
    return new StoreFleet(stores);
  }

  /**
   * A fleet of {@code stores} stores ({@code store-0001} …) with {@code sensorsPerStore} sensors each;
   * size classes, regions and device types cycle, so a few stores already cover every kind. The same
   * arguments always give the same fleet.
   */
  public static StoreFleet generate(int stores, int sensorsPerStore) {
    if (stores < 1 || stores > 9999) {
      throw new IllegalArgumentException("stores is " + stores + "; expected 1..9999");
    }
    if (sensorsPerStore < 1 || sensorsPerStore > 99) {
      throw new IllegalArgumentException("sensorsPerStore is " + sensorsPerStore + "; expected 1..99");
    }
    List<Store> generated = new ArrayList<>(stores);
    for (int i = 0; i < stores; i++) {
      String storeId = String.format("store-%04d", i + 1);
      String name = CITIES.get(i % CITIES.size()) + (i < CITIES.size() ? "" : " " + (i / CITIES.size() + 1));
      String region = REGIONS.get(i % REGIONS.size());
      List<Sensor> sensors = new ArrayList<>(sensorsPerStore);
      for (int j = 0; j < sensorsPerStore; j++) {
        SensorType type = SensorType.FLEET_TYPES.get((i + j) % SensorType.FLEET_TYPES.size());
        sensors.add(new Sensor(String.format("s-%04d-%s-%02d", i + 1, type.wireName, j + 1), storeId, type.wireName,
            type.manufacturer, type.firmware));
      }
      generated.add(new Store(storeId, name, SIZE_CLASSES.get(i % SIZE_CLASSES.size()), region,
          "team-stores-" + region, TIMEZONES.get(i % TIMEZONES.size()), sensors));
    }
    return new StoreFleet(generated);
  }

  /** The stores, in metadata order. */
  public List<Store> stores() {
    return stores;
  }

  /** Every sensor of every store, in the order they send within a tick. */
  public List<Sensor> sensors() {
    return stores.stream().flatMap(s -> s.sensors().stream()).collect(Collectors.toUnmodifiableList());
  }

  /** The store with this id, if the fleet has it. */
  public Optional<Store> store(String storeId) {
    return stores.stream().filter(s -> s.storeId().equals(storeId)).findFirst();
  }

  /** The store metadata CSV: the header, then one line per store (RFC 4180 quoting where needed). */
  public String csv() {
    StringBuilder csv = new StringBuilder(CSV_HEADER).append('\n');
    for (Store store : stores) {
      csv.append(List.of(store.storeId(), store.name(), store.sizeClass(), store.region(), store.team(),
              store.timezone()).stream().map(StoreFleet::field).collect(Collectors.joining(",")))
          .append('\n');
    }
    return csv.toString();
  }

  /** Writes {@link #csv()} to {@code file} (UTF-8), creating its directory. */
  public void writeCsv(Path file) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.writeString(file, csv(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not write the store metadata to " + file, e);
    }
  }

  private static String field(String value) {
    if (value.contains(",") || value.contains("\"") || value.contains("\n")) {
      return "\"" + value.replace("\"", "\"\"") + "\"";
    }
    return value;
  }
}
