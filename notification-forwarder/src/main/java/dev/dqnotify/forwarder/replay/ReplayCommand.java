package dev.dqnotify.forwarder.replay;

import dev.dqnotify.forwarder.OperationCommand;
import dev.dqnotify.forwarder.Stages;
import dev.dqnotify.forwarder.filter.EventScreen;
import dev.dqnotify.schemas.DqEventType;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code dq-forwarder replay}: posts a window of the outbox again, tagged {@code backfill:true};
 * see {@link Replay} for what it reads and what it skips.
 */
@Command(name = "replay", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Send a window of the outbox through the pipeline again, tagged backfill:true, with its own "
        + "consumer (no group; the live group's offsets never move).",
        "Reads up to --to or the end, but never past the live group's committed offsets (the live forwarder "
            + "delivers those). Without --force it skips every event the live forwarder delivered (dead-lettered "
            + "records are left to 'dlq redrive'), so it posts what silences held back; --force re-sends everything "
            + "of the window, each event id once.",
        "Progress goes to stderr, the summary to stdout. Exit codes: 0 done, 1 failed, 2 a mistake in the options "
            + "or the configuration."})
public final class ReplayCommand extends OperationCommand {

  @Option(names = "--from", required = true, paramLabel = "TIME|PARTITION:OFFSET,...",
      description = "Where to start: an ISO-8601 time with an offset (2025-03-01T02:00:00Z), or offsets per "
          + "partition (0:1200,1:1180; other partitions are not replayed).")
  String from;

  @Option(names = "--to", paramLabel = "TIME",
      description = "Where to end (exclusive), an ISO-8601 time; default: the live group's committed offsets.")
  String to;

  @Option(names = "--event-type", split = ",", paramLabel = "TYPE",
      description = "Only these event types (repeatable or comma-separated), e.g. LATE_DATA,STORE_SILENT.")
  List<String> eventTypes = new ArrayList<>();

  @Option(names = "--store", split = ",", paramLabel = "STORE_ID",
      description = "Only events of these stores (repeatable or comma-separated).")
  List<String> stores = new ArrayList<>();

  @Option(names = "--dry-run", description = "Post nothing; print how many events would be posted and a few titles.")
  boolean dryRun;

  @Option(names = "--rate", paramLabel = "N", description = "Post at most N events per second.")
  Double rate;

  @Option(names = "--force", description = "Re-send events the live forwarder delivered (each event id once).")
  boolean force;

  @Override
  protected int run(Stages stages, PrintWriter out, PrintWriter err) throws InterruptedException {
    Replay.run(stages, request(), out, err);
    return 0;
  }

  /**
   * The options as a replay request.
   *
   * @throws IllegalArgumentException naming the option that is wrong
   */
  Replay.Request request() {
    Replay.Start start;
    try {
      start = Replay.Start.parse(from);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--from: " + e.getMessage());
    }
    Optional<Instant> end;
    try {
      end = Optional.ofNullable(to).map(Replay::parseTime);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--to: " + e.getMessage());
    }
    if (start instanceof Replay.Start.At at && end.isPresent() && !end.get().isAfter(at.time())) {
      throw new IllegalArgumentException("--to: '" + to + "' is not after --from (" + from + ")");
    }
    if (rate != null && !(rate > 0)) {
      throw new IllegalArgumentException("--rate: '" + rate + "' is not a positive number of events per second");
    }
    return new Replay.Request(start, end, new EventScreen.Selection(eventTypes(eventTypes), Set.copyOf(stores)), force,
        dryRun, rate == null ? OptionalDouble.empty() : OptionalDouble.of(rate));
  }

  /** {@code LATE_DATA}, {@code late_data} … as event types; an unknown one names the valid ones. */
  static Set<DqEventType> eventTypes(List<String> names) {
    Set<DqEventType> types = EnumSet.noneOf(DqEventType.class);
    for (String name : names) {
      try {
        types.add(DqEventType.valueOf(name.trim().toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("--event-type: '" + name + "' is not an event type; expected one of "
            + Arrays.stream(DqEventType.values()).map(Enum::name).collect(Collectors.joining(", ")));
      }
    }
    return types;
  }
}
