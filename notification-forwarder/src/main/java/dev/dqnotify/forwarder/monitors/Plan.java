package dev.dqnotify.forwarder.monitors;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What it takes to make Datadog's managed monitors match the routes file: one step per route
 * (create, update or unchanged) in the file's order, then one delete-candidate per managed monitor
 * that no route claims, by id.
 *
 * @param steps in the order they are shown and applied
 */
record Plan(List<Plan.Step> steps) {

  Plan {
    steps = List.copyOf(steps);
  }

  /** One thing to do (or not) to one monitor. */
  sealed interface Step {
    /** The monitor's name, as it is or will be. */
    String name();
  }

  /** No managed monitor belongs to the route yet. */
  record Create(MonitorSpec desired) implements Step {
    @Override
    public String name() {
      return desired.name();
    }
  }

  /** The route's monitor differs from what the file says, in {@code changes}. */
  record Update(long id, MonitorSpec desired, List<MonitorSpec.FieldChange> changes)
      implements Step {
    Update {
      changes = List.copyOf(changes);
    }

    @Override
    public String name() {
      return desired.name();
    }
  }

  /** The route's monitor is as the file says. */
  record Unchanged(long id, MonitorSpec desired) implements Step {
    @Override
    public String name() {
      return desired.name();
    }
  }

  /** A managed monitor no route claims; deleted only when pruning. */
  record Delete(long id, String name, String reason) implements Step {}

  /** A monitor dqnotify manages, as Datadog holds it now. */
  record Existing(long id, MonitorSpec actual) {}

  /**
   * Pairs each desired monitor with the existing one of its route: the one tagged {@code
   * dqnotify-route:<route>}, else the one with the route's monitor name (so a monitor that lost its
   * tags by hand is adopted, not duplicated). Among several, the lowest id wins and the others
   * become delete-candidates.
   *
   * @param desired by route name, in the file's order
   */
  static Plan of(Map<String, MonitorSpec> desired, List<Existing> existing) {
    List<Existing> byId = existing.stream().sorted(Comparator.comparingLong(Existing::id)).toList();
    Set<Long> claimed = new HashSet<>();
    Map<Long, String> duplicates = new LinkedHashMap<>();
    List<Step> steps = new ArrayList<>();
    for (Map.Entry<String, MonitorSpec> route : desired.entrySet()) {
      MonitorSpec want = route.getValue();
      List<Existing> candidates = candidates(route.getKey(), want, byId, claimed);
      if (candidates.isEmpty()) {
        steps.add(new Create(want));
        continue;
      }
      Existing kept = candidates.get(0);
      claimed.add(kept.id());
      for (Existing extra : candidates.subList(1, candidates.size())) {
        claimed.add(extra.id());
        duplicates.put(
            extra.id(), "duplicate of monitor " + kept.id() + " for route " + route.getKey());
      }
      List<MonitorSpec.FieldChange> changes = want.changesFrom(kept.actual());
      steps.add(
          changes.isEmpty()
              ? new Unchanged(kept.id(), want)
              : new Update(kept.id(), want, changes));
    }
    for (Existing monitor : byId) {
      if (duplicates.containsKey(monitor.id())) {
        steps.add(new Delete(monitor.id(), monitor.actual().name(), duplicates.get(monitor.id())));
      } else if (!claimed.contains(monitor.id())) {
        String reason =
            routeOf(monitor.actual())
                .map(route -> "route " + route + " is no longer in the routes file")
                .orElse("no route in the routes file claims it");
        steps.add(new Delete(monitor.id(), monitor.actual().name(), reason));
      }
    }
    return new Plan(steps);
  }

  private static List<Existing> candidates(
      String route, MonitorSpec want, List<Existing> byId, Set<Long> claimed) {
    List<Existing> tagged =
        byId.stream()
            .filter(m -> !claimed.contains(m.id()))
            .filter(m -> routeOf(m.actual()).filter(route::equals).isPresent())
            .toList();
    if (!tagged.isEmpty()) {
      return tagged;
    }
    return byId.stream()
        .filter(m -> !claimed.contains(m.id()))
        .filter(m -> routeOf(m.actual()).isEmpty())
        .filter(m -> want.name().equals(m.actual().name()))
        .toList();
  }

  /** The route a monitor's {@code dqnotify-route:} tag names, if it has one. */
  static Optional<String> routeOf(MonitorSpec monitor) {
    return monitor.tags().stream()
        .filter(tag -> tag.startsWith(RouteMonitors.ROUTE_TAG_PREFIX))
        .map(tag -> tag.substring(RouteMonitors.ROUTE_TAG_PREFIX.length()))
        .findFirst();
  }

  <T extends Step> List<T> steps(Class<T> kind) {
    return steps.stream().filter(kind::isInstance).map(kind::cast).toList();
  }
}
