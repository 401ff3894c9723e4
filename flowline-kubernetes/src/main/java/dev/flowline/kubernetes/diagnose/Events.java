package dev.flowline.kubernetes.diagnose;

import io.fabric8.kubernetes.api.model.Event;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Picks events (core/v1) by reason and time. An event's time is the last time it was seen ({@code
 * lastTimestamp}, {@code series.lastObservedTime}, {@code eventTime}, then {@code firstTimestamp}
 * and the object's creation); of events with the same time the later in the list wins, as informers
 * deliver them in the order they were written.
 */
final class Events {
  private Events() {}

  /** The most recent event with reason {@code reason}. */
  static Optional<Event> latest(List<Event> events, String reason) {
    return latest(events, e -> reason.equals(e.getReason()));
  }

  /** The most recent event that {@code which} accepts. */
  static Optional<Event> latest(List<Event> events, Predicate<Event> which) {
    Event best = null;
    Instant bestTime = Instant.MIN;
    for (Event e : events) {
      if (e == null || !which.test(e)) {
        continue;
      }
      Instant t = time(e);
      if (best == null || !t.isBefore(bestTime)) {
        best = e;
        bestTime = t;
      }
    }
    return Optional.ofNullable(best);
  }

  /** The message of {@code e}, never null. */
  static String message(Event e) {
    return e.getMessage() == null ? "" : e.getMessage().trim();
  }

  /** When {@code e} was last seen; {@link Instant#MIN} when it carries no readable time. */
  static Instant time(Event e) {
    return Stream.of(
            e.getLastTimestamp(),
            e.getSeries() == null || e.getSeries().getLastObservedTime() == null
                ? null
                : e.getSeries().getLastObservedTime().getTime(),
            e.getEventTime() == null ? null : e.getEventTime().getTime(),
            e.getFirstTimestamp(),
            e.getMetadata() == null ? null : e.getMetadata().getCreationTimestamp())
        .map(Events::instant)
        .flatMap(Optional::stream)
        .findFirst()
        .orElse(Instant.MIN);
  }

  /** An RFC 3339 time; empty when absent or unreadable (the next field is used then). */
  static Optional<Instant> instant(String text) {
    if (text == null || text.isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Instant.parse(text));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
