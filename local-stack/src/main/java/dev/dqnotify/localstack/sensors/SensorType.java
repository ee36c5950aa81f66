package dev.dqnotify.localstack.sensors;

import java.util.List;
import java.util.Random;

/** The contract's device types: what each measures, who makes it, and typical values. */
enum SensorType {
  PEOPLE_COUNTER("people_counter", "Countwise", "2.1.4", List.of("count_in", "count_out")),
  CLIMATE("climate", "Nordlys", "4.2.0", List.of("temperature_c", "humidity_pct")),
  ENERGY_METER("energy_meter", "Voltara", "1.8.2", List.of("power_w")),
  SHELF_WEIGHT("shelf_weight", "Scalix", "3.0.1", List.of("weight_g")),
  DOOR("door", "Portello", "5.4.0", List.of("open")),
  /** Any other type: the contract lets it pass through; its one metric has no default range. */
  OTHER("other", "Generic", "1.0.0", List.of("value"));

  final String wireName;
  final String manufacturer;
  final String firmware;
  final List<String> metrics;

  SensorType(String wireName, String manufacturer, String firmware, List<String> metrics) {
    this.wireName = wireName;
    this.manufacturer = manufacturer;
    this.firmware = firmware;
    this.metrics = metrics;
  }

  /** The types a generated fleet uses, in the order stores cycle through them. */
  static final List<SensorType> FLEET_TYPES = List.of(CLIMATE, PEOPLE_COUNTER, ENERGY_METER, SHELF_WEIGHT, DOOR);

  static SensorType of(String wireName) {
    for (SensorType type : values()) {
      if (type.wireName.equals(wireName)) {
        return type;
      }
    }
    return OTHER;
  }

  /** The metric of reading {@code index}: a message carries the type's metrics in turn. */
  String metricAt(int index) {
    return metrics.get(index % metrics.size());
  }

  /** Whether the metric's values are counts or flags, written as JSON integers. */
  static boolean integral(String metric) {
    return metric.startsWith("count_") || metric.equals("open");
  }

  /** A plausible value of {@code metric}, not yet fitted into a configured range. */
  static double typical(String metric, Random random) {
    switch (metric) {
      case "temperature_c":
        return round(18 + random.nextDouble() * 6);
      case "humidity_pct":
        return round(30 + random.nextDouble() * 30);
      case "count_in":
      case "count_out":
        return random.nextInt(41);
      case "power_w":
        return round(500 + random.nextDouble() * 19_500);
      case "weight_g":
        return round(random.nextDouble() * 50_000);
      case "open":
        return random.nextInt(2);
      default:
        return round(random.nextDouble() * 100);
    }
  }

  /** One decimal, as sensors report; keeps the JSON short and the values exact in text. */
  static double round(double value) {
    return Math.round(value * 10) / 10.0;
  }
}
