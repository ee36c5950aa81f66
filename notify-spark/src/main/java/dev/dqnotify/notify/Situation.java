package dev.dqnotify.notify;

import dev.dqnotify.schemas.DqEventType;
import dev.dqnotify.schemas.Severity;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.spark.sql.Column;

/**
 * A data-quality situation a job declares: its type name, severity, the columns that name the
 * entity (labels), the summary and details, and, optionally, the condition that detects it. Built
 * with {@link #named(String)}; immutable; every mistake fails at {@link Builder#build()} with a
 * message naming the setting.
 *
 * <pre>{@code
 * Situation negative = Situation.named("PAYMENT_AMOUNT_NEGATIVE")
 *     .severity("ERROR")
 *     .when(col("amount").lt(0))
 *     .labels("order_id", "customer_id")
 *     .summary("order {order_id} has a negative payment amount {amount}")
 *     .details("amount", "currency")
 *     .build();
 * }</pre>
 */
public final class Situation {

  /** A type name: upper snake case, as the forwarder tags it lower-cased. */
  static final Pattern TYPE_NAME = Pattern.compile("[A-Z][A-Z0-9_]{0,63}");

  /** A label or detail key: lower snake case, so it is a valid Datadog tag key as it is. */
  static final Pattern KEY = Pattern.compile("[a-z][a-z0-9_]{0,63}");

  private final String type;
  private final Severity severity;
  private final Column condition;
  private final Map<String, String> labelColumns;
  private final List<String> detailColumns;
  private final String summaryTemplate;
  private final String eventTimeColumn;
  private final List<String> identityColumns;

  private Situation(Builder b) {
    this.type = b.type;
    this.severity = b.severity;
    this.condition = b.condition;
    this.labelColumns = Collections.unmodifiableMap(new LinkedHashMap<>(b.labelColumns)); // ordered: the first is the key
    this.detailColumns = List.copyOf(b.detailColumns);
    this.summaryTemplate = b.summaryTemplate;
    this.eventTimeColumn = b.eventTimeColumn;
    this.identityColumns = List.copyOf(b.identityColumns);
  }

  /**
   * Starts the declaration of the situation {@code type}, e.g. {@code PAYMENT_AMOUNT_NEGATIVE}: upper
   * snake case, at most 64 characters, not one of the built-in {@code DqEventType} symbols.
   */
  public static Builder named(String type) {
    return new Builder(type);
  }

  /** The type name, e.g. {@code PAYMENT_AMOUNT_NEGATIVE}. */
  public String type() {
    return type;
  }

  /** {@code INFO}, {@code WARNING} or {@code ERROR}. */
  public String severity() {
    return severity.name();
  }

  Severity severityValue() {
    return severity;
  }

  /** The detecting condition; empty when every row of the data given is the situation. */
  Optional<Column> condition() {
    return Optional.ofNullable(condition);
  }

  /** Label key → the column it is read from, in declaration order. */
  Map<String, String> labelColumns() {
    return labelColumns;
  }

  List<String> detailColumns() {
    return detailColumns;
  }

  /** The summary template; {@code {column}} stands for the column's value. */
  String summaryTemplate() {
    return summaryTemplate;
  }

  Optional<String> eventTimeColumn() {
    return Optional.ofNullable(eventTimeColumn);
  }

  /** The columns whose values identify the input; empty means the Kafka source coordinates. */
  List<String> identityColumns() {
    return identityColumns;
  }

  @Override
  public String toString() {
    return "Situation[" + type + ", " + severity + ", labels=" + labelColumns.keySet() + "]";
  }

  /** Declares a {@link Situation}; every setter but {@link #build()} is optional. */
  public static final class Builder {
    private final String type;
    private Severity severity = Severity.WARNING;
    private Column condition;
    private final Map<String, String> labelColumns = new LinkedHashMap<>();
    private final List<String> detailColumns = new ArrayList<>();
    private String summaryTemplate;
    private String eventTimeColumn;
    private final List<String> identityColumns = new ArrayList<>();

    private Builder(String type) {
      if (type == null || !TYPE_NAME.matcher(type).matches()) {
        throw new IllegalArgumentException("Situation type '" + type + "' is not a type name: use upper snake case,"
            + " a letter then letters, digits or _, at most 64 characters, e.g. PAYMENT_AMOUNT_NEGATIVE");
      }
      if (Arrays.stream(DqEventType.values()).anyMatch(t -> t.name().equals(type))) {
        throw new IllegalArgumentException("Situation type '" + type + "' is a built-in event type of the sensor"
            + " ingest job; name your job's situation differently, e.g. ORDERS_" + type);
      }
      this.type = type;
    }

    /** {@code INFO}, {@code WARNING} (the default) or {@code ERROR}, in any case. */
    public Builder severity(String severity) {
      String name = severity == null ? "" : severity.trim().toUpperCase(Locale.ROOT);
      this.severity = Arrays.stream(Severity.values()).filter(s -> s.name().equals(name)).findFirst()
          .orElseThrow(() -> new IllegalArgumentException("Situation " + type + ": severity '" + severity
              + "' is not one of INFO, WARNING, ERROR"));
      return this;
    }

    /**
     * The rows that are the situation. Without it, every row of the data given to
     * {@link DqNotifier} is one (detection done by the job, e.g. a join or an aggregation).
     */
    public Builder when(Column condition) {
      this.condition = Objects.requireNonNull(condition, "condition");
      return this;
    }

    /** Columns that name the entity concerned, each a label under the column's own name. */
    public Builder labels(String... columns) {
      for (String column : columns) {
        label(column, column);
      }
      return this;
    }

    /** A label {@code key} (lower snake case) read from {@code column}. */
    public Builder label(String key, String column) {
      requireKey("label", key);
      requireColumn("label " + key, column);
      if (labelColumns.putIfAbsent(key, column) != null) {
        throw new IllegalArgumentException("Situation " + type + ": label '" + key + "' is declared twice");
      }
      return this;
    }

    /** Columns whose values go into the event's details, each under the column's own name. */
    public Builder details(String... columns) {
      for (String column : columns) {
        requireKey("detail", column);
        detailColumns.add(column);
      }
      return this;
    }

    /**
     * The summary line: literal text in which {@code {column}} stands for the column's value, e.g.
     * {@code "order {order_id} has a negative payment amount {amount}"}. Default: the type name
     * followed by the labels as {@code key=value}.
     */
    public Builder summary(String template) {
      requireColumn("summary", template);
      Templates.columns(template); // fails on an unclosed brace now, not on the first batch
      this.summaryTemplate = template;
      return this;
    }

    /** A timestamp column holding the event time of the data concerned. */
    public Builder eventTime(String column) {
      requireColumn("eventTime", column);
      this.eventTimeColumn = column;
      return this;
    }

    /**
     * Columns whose values identify the input row, for the deterministic event id (e.g. a business
     * key such as {@code order_id}). Default: the Kafka source coordinates {@code topic},
     * {@code partition}, {@code offset}.
     */
    public Builder identifiedBy(String... columns) {
      for (String column : columns) {
        requireColumn("identifiedBy", column);
        identityColumns.add(column);
      }
      return this;
    }

    /** The situation. */
    public Situation build() {
      if (summaryTemplate == null) {
        StringBuilder template = new StringBuilder(type);
        labelColumns.forEach((key, column) -> template.append(' ').append(key).append("={").append(column).append('}'));
        summaryTemplate = template.toString();
      }
      return new Situation(this);
    }

    private void requireKey(String what, String key) {
      if (key == null || !KEY.matcher(key).matches()) {
        throw new IllegalArgumentException("Situation " + type + ": " + what + " key '" + key + "' is not lower snake"
            + " case (a letter then letters, digits or _, at most 64); use label(key, column) to rename a column");
      }
    }

    private void requireColumn(String what, String value) {
      if (value == null || value.isBlank()) {
        throw new IllegalArgumentException("Situation " + type + ": " + what + " is blank");
      }
    }
  }
}
