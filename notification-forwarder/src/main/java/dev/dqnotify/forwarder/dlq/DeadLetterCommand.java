package dev.dqnotify.forwarder.dlq;

import dev.dqnotify.forwarder.OperationCommand;
import dev.dqnotify.forwarder.Stages;
import dev.dqnotify.forwarder.decode.EventDecoder;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

/**
 * {@code dq-forwarder dlq}: look into the dead-letter topic and send dead letters back once their
 * cause is fixed.
 *
 * <pre>
 * dq-forwarder dlq list [--limit N]
 * dq-forwarder dlq show PARTITION:OFFSET
 * dq-forwarder dlq redrive (--all | PARTITION:OFFSET...) [--dry-run] [--force]
 * </pre>
 */
@Command(name = "dlq", mixinStandardHelpOptions = true,
    description = "Look into the dead-letter topic (dlq.topic) and redrive dead letters once their cause is fixed.",
    subcommands = {DeadLetterCommand.ListCommand.class, DeadLetterCommand.ShowCommand.class,
        DeadLetterCommand.RedriveCommand.class})
public final class DeadLetterCommand implements Runnable {

  /** How much of a value {@code show} prints when it cannot be decoded. */
  static final int EXCERPT_BYTES = 512;
  /** How much of a reason {@code list} prints. */
  static final int REASON_CHARS = 160;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** {@code dlq list}. */
  @Command(name = "list", mixinStandardHelpOptions = true,
      description = "The newest dead letters, oldest first: position, time, origin, stage, HTTP status, whether "
          + "redriven, and the reason.")
  public static final class ListCommand extends OperationCommand {

    @Option(names = "--limit", paramLabel = "N", defaultValue = "50",
        description = "Show at most N dead letters (default ${DEFAULT-VALUE}).")
    int limit;

    @Override
    protected int run(Stages stages, PrintWriter out, PrintWriter err) {
      if (limit < 1) {
        throw new IllegalArgumentException("--limit: '" + limit + "' is not a positive number");
      }
      DeadLetterReader reader = stages.deadLetterReader();
      DeadLetterReader.Listing listing = reader.newest(limit);
      RedriveLedger ledger = ledger(stages, reader);
      out.printf("%s: %d dead letter(s)%s; redrives recorded in group %s%n", reader.topic(), listing.total(),
          listing.total() > listing.entries().size() ? ", the newest " + listing.entries().size() + " shown" : "",
          RedriveLedger.groupId(stages.config().groupId()));
      if (listing.entries().isEmpty()) {
        return 0;
      }
      out.printf("%-10s  %-24s  %-24s  %-7s  %-4s  %-8s  %s%n", "position", "dead-lettered at", "origin", "stage",
          "http", "redriven", "reason");
      for (DeadLetterEntry entry : listing.entries()) {
        out.printf("%-10s  %-24s  %-24s  %-7s  %-4s  %-8s  %s%n", entry.partition().partition() + ":" + entry.offset(),
            entry.time(), entry.origin().map(Object::toString).orElse("?"), entry.stage(),
            entry.httpStatus().isPresent() ? Integer.toString(entry.httpStatus().getAsInt()) : "-",
            ledger.redriven(entry.partition(), entry.offset()) ? "yes" : "no", oneLine(entry.reason(), REASON_CHARS));
      }
      return 0;
    }
  }

  /** {@code dlq show}. */
  @Command(name = "show", mixinStandardHelpOptions = true,
      description = "One dead letter: its headers, and its value decoded when it can be, else a hex and UTF-8 excerpt.")
  public static final class ShowCommand extends OperationCommand {

    @Parameters(paramLabel = "PARTITION:OFFSET", description = "The dead letter's position, as dlq list shows it.")
    String position;

    @Override
    protected int run(Stages stages, PrintWriter out, PrintWriter err) {
      DeadLetterPosition at = DeadLetterPosition.parse(position);
      DeadLetterReader reader = stages.deadLetterReader();
      DeadLetterEntry entry = reader.find(at.partition(), at.offset()).orElseThrow(() -> new IllegalArgumentException(
          "there is no dead letter at " + at + " in " + reader.topic() + " (see dq-forwarder dlq list)"));
      out.printf("Dead letter %s %s, written %s%n", reader.topic(), at, entry.time());
      out.println("origin:   " + entry.origin().map(Object::toString).orElse("unknown"));
      out.println("redriven: " + (ledger(stages, reader).redriven(entry.partition(), entry.offset()) ? "yes" : "no"));
      out.println("key:      " + (entry.record().key() == null ? "(none)"
          : oneLine(new String(entry.record().key(), StandardCharsets.UTF_8), 200)));
      out.println("headers:");
      entry.headers().forEach(h -> out.println("  " + h.getKey() + " = " + h.getValue()));
      byte[] value = entry.record().value();
      if (value == null) {
        out.println("value: none (a tombstone)");
        return 0;
      }
      EventDecoder.Decoded decoded = stages.decoder().decode(value);
      if (decoded instanceof EventDecoder.Decoded.Event event) {
        out.println("value: a DqEvent (" + value.length + " bytes):");
        out.println(event.event());
        return 0;
      }
      String why = decoded instanceof EventDecoder.Decoded.Undecodable undecodable
          ? "not decodable: " + undecodable.cause().getMessage()
          : "the schema registry could not be asked: " + ((EventDecoder.Decoded.RegistryUnavailable) decoded).cause()
              .getMessage();
      out.println("value: " + value.length + " bytes, " + why);
      int shown = Math.min(value.length, EXCERPT_BYTES);
      out.println("hex" + (shown < value.length ? " (first " + shown + " bytes)" : "") + ":");
      String hex = HexFormat.ofDelimiter(" ").formatHex(value, 0, shown);
      for (int i = 0; i < hex.length(); i += 48) {
        out.println("  " + hex.substring(i, Math.min(hex.length(), i + 48)));
      }
      out.println("utf-8:");
      out.println("  " + oneLine(new String(value, 0, shown, StandardCharsets.UTF_8), EXCERPT_BYTES));
      return 0;
    }
  }

  /** {@code dlq redrive}. */
  @Command(name = "redrive", mixinStandardHelpOptions = true, sortOptions = false,
      description = {"Send dead letters back through the pipeline (decode → filter → dedupe → group → render → "
          + "deliver) once their cause is fixed.",
          "Each dead letter that gets a final answer is recorded in the group <consume.group-id>-dlq-redrive, so a "
              + "second redrive posts nothing; one that fails again stays in the topic and is listed. Events "
              + "delivered since are skipped. Exit codes: 0 done (see the summary for failures), 1 failed, "
              + "2 a mistake in the options or the configuration."})
  public static final class RedriveCommand extends OperationCommand {

    @Option(names = "--all", description = "Every dead letter not yet redriven.")
    boolean all;

    @Parameters(paramLabel = "PARTITION:OFFSET", arity = "0..*",
        description = "The dead letters to redrive, as dlq list shows them.")
    List<String> positions = new ArrayList<>();

    @Option(names = "--dry-run", description = "Post and record nothing; print what would be posted.")
    boolean dryRun;

    @Option(names = "--force", description = "Redrive dead letters recorded as redriven, and skip no event as "
        + "delivered.")
    boolean force;

    @Override
    protected int run(Stages stages, PrintWriter out, PrintWriter err) throws InterruptedException {
      if (all == !positions.isEmpty()) {
        throw new IllegalArgumentException("name the dead letters to redrive (PARTITION:OFFSET...) or give --all, "
            + "not both");
      }
      List<DeadLetterPosition> selected = positions.stream().map(DeadLetterPosition::parse).distinct().toList();
      Redrive.run(stages, new Redrive.Request(selected, force, dryRun), out, err);
      return 0;
    }
  }

  private static RedriveLedger ledger(Stages stages, DeadLetterReader reader) {
    Map<TopicPartition, Long> logStarts = new HashMap<>();
    reader.ranges().forEach((partition, range) -> logStarts.put(partition, range.start()));
    try (Consumer<byte[], byte[]> consumer = stages.ledgerConsumer(RedriveLedger.groupId(stages.config().groupId()))) {
      return RedriveLedger.read(consumer, logStarts);
    }
  }

  /** {@code text} on one line, control characters as spaces, at most {@code max} characters. */
  static String oneLine(String text, int max) {
    String line = text.codePoints().map(cp -> Character.isISOControl(cp) ? ' ' : cp)
        .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
    return line.length() <= max ? line : line.substring(0, max - 1) + "…";
  }
}
