package dev.dqnotify.notify;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;

/**
 * Summary templates: literal text in which {@code {column}} stands for the column's value (a null
 * value shows as {@code null}). Turned into one Spark expression on the driver, so the executors
 * fill it in without any per-record driver work.
 */
final class Templates {

  private Templates() {}

  /** The columns {@code template} refers to, in order. */
  static List<String> columns(String template) {
    List<String> columns = new ArrayList<>();
    parse(template, null, columns);
    return columns;
  }

  /** {@code template} as a string column. */
  static Column expression(String template) {
    List<Column> parts = new ArrayList<>();
    parse(template, parts, new ArrayList<>());
    return parts.isEmpty() ? lit("") : concat(parts.toArray(Column[]::new));
  }

  private static void parse(String template, List<Column> parts, List<String> columns) {
    int at = 0;
    while (at < template.length()) {
      int open = template.indexOf('{', at);
      if (open < 0) {
        add(parts, lit(template.substring(at)));
        return;
      }
      int close = template.indexOf('}', open);
      if (close < 0 || close == open + 1) {
        throw new IllegalArgumentException("Summary template '" + template + "': the '{' at position " + open
            + " opens no {column}; write {column_name} for a column's value");
      }
      if (open > at) {
        add(parts, lit(template.substring(at, open)));
      }
      String column = template.substring(open + 1, close);
      columns.add(column);
      add(parts, coalesce(col(column).cast("string"), lit("null")));
      at = close + 1;
    }
  }

  private static void add(List<Column> parts, Column part) {
    if (parts != null) {
      parts.add(part);
    }
  }
}
