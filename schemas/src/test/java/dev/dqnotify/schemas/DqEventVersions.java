package dev.dqnotify.schemas;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.avro.Schema;

/** Earlier versions of the {@link DqEvent} schema and samples of version 3's additions. */
public final class DqEventVersions {

  private DqEventVersions() {}

  /**
   * Version 2 as it was released (a copy of {@code DqEvent.avsc} before version 3): what a forwarder
   * built before version 3 reads with.
   */
  public static Schema versionTwo() {
    try (InputStream in = DqEventVersions.class.getResourceAsStream("/dqevent/DqEvent-v2.avsc")) {
      return new Schema.Parser().parse(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Version 2 as its generated classes read it: {@link #versionTwo()} with every string and map
   * marked {@code "avro.java.string": "String"}, as {@code avro-maven-plugin} with {@code stringType}
   * String marks them (otherwise strings would be read as {@code Utf8}).
   */
  public static Schema versionTwoAsGenerated() {
    ObjectMapper json = new ObjectMapper();
    try {
      JsonNode schema = json.readTree(versionTwo().toString());
      return new Schema.Parser().parse(json.writeValueAsString(javaStrings(json, schema)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The type {@code node} with Java strings; only type positions are walked, never defaults or docs. */
  private static JsonNode javaStrings(ObjectMapper json, JsonNode node) {
    if (node.isTextual() && node.asText().equals("string")) {
      return json.createObjectNode().put("type", "string").put("avro.java.string", "String");
    }
    if (node.isArray()) { // a union
      ArrayNode branches = json.createArrayNode();
      node.forEach(branch -> branches.add(javaStrings(json, branch)));
      return branches;
    }
    if (node.isObject()) {
      ObjectNode object = ((ObjectNode) node).deepCopy();
      String type = object.path("type").asText("");
      if (type.equals("string") || type.equals("map")) {
        object.put("avro.java.string", "String");
      }
      for (String typed : new String[] {"type", "values", "items"}) {
        if (object.has(typed)) {
          object.set(typed, javaStrings(json, object.get(typed)));
        }
      }
      if (object.has("fields")) {
        ArrayNode fields = json.createArrayNode();
        object.get("fields").forEach(field -> fields.add(javaStrings(json, field)));
        object.set("fields", fields);
      }
      return object;
    }
    return node;
  }

  /** A job-defined situation (version 3): type name and labels set, no store or sensor. */
  public static DqEvent jobDefined() {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("order_id", "o-1001");
    labels.put("customer_id", "c-77");
    return DqEvent.newBuilder(DqEvents.minimal())
        .setEventId("ev-job-defined")
        .setEventType(DqEventType.JOB_DEFINED)
        .setSituationType("PAYMENT_AMOUNT_NEGATIVE")
        .setJob("orders-enrich")
        .setTeam("payments")
        .setSummary("order o-1001 has a negative payment amount -12.50")
        .setDetails(Map.of("amount", "-12.50"))
        .setLabels(labels)
        .build();
  }
}
