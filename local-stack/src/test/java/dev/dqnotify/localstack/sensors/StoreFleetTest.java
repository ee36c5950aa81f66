package dev.dqnotify.localstack.sensors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreFleetTest {

  @TempDir Path dir;

  @Test
  void generatesTheSameFleetCyclingSizeClassesAndDeviceTypes() {
    StoreFleet fleet = StoreFleet.generate(3, 5);

    assertThat(fleet.csv()).isEqualTo(StoreFleet.generate(3, 5).csv());
    assertThat(fleet.stores()).extracting(StoreFleet.Store::sizeClass).containsExactly("M", "L", "S");
    assertThat(fleet.stores().get(0).sensors()).extracting(StoreFleet.Sensor::type)
        .containsExactly("climate", "people_counter", "energy_meter", "shelf_weight", "door");
    assertThat(fleet.sensors()).hasSize(15).first().satisfies(s -> {
      assertThat(s.sensorId()).isEqualTo("s-0001-climate-01");
      assertThat(s.storeId()).isEqualTo("store-0001");
      assertThat(s.manufacturer()).isEqualTo("Nordlys");
    });
  }

  @Test
  void writesTheMetadataCsvTheJobLoads() throws Exception {
    Path csv = dir.resolve("meta/stores.csv");

    StoreFleet.generate(2, 1).writeCsv(csv);

    assertThat(Files.readAllLines(csv)).containsExactly(
        "store_id,name,size_class,region,team,timezone",
        "store-0001,Hamburg Altona,M,north,team-stores-north,Europe/Berlin",
        "store-0002,Berlin Mitte,L,east,team-stores-east,Europe/Berlin");
  }

  @Test
  void quotesFieldsWithCommasOrQuotes() {
    StoreFleet fleet = StoreFleet.of(List.of(new StoreFleet.Store("store-1", "Kiel, \"Hafen\"", "S", "north", "t",
        "Europe/Berlin", List.of(new StoreFleet.Sensor("s-1", "store-1", "door", "Portello", "5.4.0")))));

    assertThat(fleet.csv()).endsWith("store-1,\"Kiel, \"\"Hafen\"\"\",S,north,t,Europe/Berlin\n");
  }

  @Test
  void refusesRepeatedIdsAndStoresWithoutSensors() {
    StoreFleet.Sensor sensor = new StoreFleet.Sensor("s-1", "store-1", "door", "Portello", "5.4.0");
    StoreFleet.Store store = new StoreFleet.Store("store-1", "A", "S", "n", "t", "Europe/Berlin", List.of(sensor));

    assertThatThrownBy(() -> StoreFleet.of(List.of(store, store))).hasMessageContaining("store-1 appears twice");
    assertThatThrownBy(() -> StoreFleet.of(List.of(new StoreFleet.Store("store-2", "B", "S", "n", "t", "UTC",
        List.of())))).hasMessageContaining("no sensors");
    assertThatThrownBy(() -> StoreFleet.generate(0, 1)).hasMessageContaining("stores is 0");
  }
}
