package dev.dqnotify.localstack.datadog;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * An accepted event as Datadog's event search and monitors see it: tags lower-cased (Getting
 * started → Tagging: tags are converted to lower case) and the reserved attributes of Event
 * Management → Explorer → Reserved attributes derived from the v1 fields.
 *
 * @param id the event's id
 * @param tags the tags, lower-cased, in the order sent
 * @param source the {@code source} attribute: {@code source_type_name} lower-cased (integration
 *     names are lower case), or null when none was sent
 * @param host the {@code host} attribute as sent, or null
 * @param status the {@code status} attribute: {@code error}, {@code warning}, {@code ok} (from
 *     {@code alert_type} success) or {@code info} (every other or no {@code alert_type})
 * @param title the title
 * @param text the text, which is the event's {@code message} attribute
 * @param happened when the event counts for monitors: {@code date_happened}, or its receipt
 */
record SearchableEvent(
    long id,
    List<String> tags,
    String source,
    String host,
    String status,
    String title,
    String text,
    Instant happened) {

  /** Attributes Datadog reserves; {@code key:value} on them searches the attribute, not a tag. */
  static final Set<String> RESERVED_ATTRIBUTES =
      Set.of("source", "host", "status", "service", "message");

  SearchableEvent {
    tags = List.copyOf(tags);
  }

  static SearchableEvent of(ReceivedEvent event) {
    return new SearchableEvent(
        event.id(),
        event.tags().stream().map(tag -> tag.toLowerCase(Locale.ROOT)).toList(),
        event.sourceTypeName() == null ? null : event.sourceTypeName().toLowerCase(Locale.ROOT),
        event.host(),
        status(event.alertType()),
        event.title(),
        event.text(),
        event.dateHappened());
  }

  /**
   * The values of a facet: a reserved attribute's value, or the values of the tags with that key
   * ({@code key:value}; a tag without a colon has no key). {@code @attributes} have no values: the
   * v1 API sets no custom attributes. Several tags with one key give several values.
   */
  List<String> facetValues(String facet) {
    if (facet.startsWith("@")) {
      return List.of();
    }
    if (RESERVED_ATTRIBUTES.contains(facet)) {
      String value = attribute(facet);
      return value == null ? List.of() : List.of(value);
    }
    List<String> values = new ArrayList<>();
    String prefix = facet + ":";
    for (String tag : tags) {
      if (tag.startsWith(prefix)) {
        values.add(tag.substring(prefix.length()));
      }
    }
    return values;
  }

  /** A reserved attribute's value, or null; the v1 API has no {@code service} field. */
  String attribute(String name) {
    return switch (name) {
      case "source" -> source;
      case "host" -> host;
      case "status" -> status;
      case "message" -> text;
      default -> null;
    };
  }

  private static String status(String alertType) {
    if (alertType == null) {
      return "info";
    }
    return switch (alertType) {
      case "error" -> "error";
      case "warning" -> "warning";
      case "success" -> "ok";
      default -> "info";
    };
  }
}
