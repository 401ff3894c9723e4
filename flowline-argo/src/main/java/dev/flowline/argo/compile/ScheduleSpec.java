package dev.flowline.argo.compile;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.parser.CronParser;
import dev.flowline.argo.Schedule;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A flow's {@link Schedule}, checked: a five-field cron expression (validated by cron-utils with
 * the Unix definition, the syntax Argo's cron parser reads) and an optional IANA time zone.
 *
 * @param cron the five-field cron expression
 * @param timezone the IANA time zone, empty for the controller's (UTC)
 */
public record ScheduleSpec(String cron, Optional<String> timezone) {
  private static final CronParser UNIX =
      new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

  /**
   * The schedule of {@code annotation}: its {@code cron}, or the one shortcut set ({@code hourly},
   * {@code daily}, {@code weekly}); with none of them, daily (as Metaflow's {@code @schedule}).
   *
   * @throws ArgoCompileException naming the attribute, the value, the rule and the fix
   */
  public static ScheduleSpec of(Schedule annotation) {
    List<String> problems = new ArrayList<>();
    List<String> given = new ArrayList<>();
    if (!annotation.cron().isBlank()) {
      given.add("cron");
    }
    if (annotation.hourly()) {
      given.add("hourly");
    }
    if (annotation.daily()) {
      given.add("daily");
    }
    if (annotation.weekly()) {
      given.add("weekly");
    }
    if (given.size() > 1) {
      problems.add(
          "@Schedule: "
              + String.join(" and ", given)
              + " are both set; a schedule is one of cron, hourly, daily or weekly. Keep one.");
    }
    String cron =
        given.isEmpty()
            ? "0 0 * * *"
            : switch (given.get(0)) {
              case "hourly" -> "0 * * * *";
              case "daily" -> "0 0 * * *";
              case "weekly" -> "0 0 * * 0";
              default -> annotation.cron().trim();
            };
    try {
      UNIX.parse(cron).validate();
    } catch (IllegalArgumentException e) {
      problems.add(
          "@Schedule(cron): value \""
              + cron
              + "\" is not a five-field cron expression (minute hour day-of-month month"
              + " day-of-week; "
              + e.getMessage()
              + "). Use e.g. \"0 6 * * 1-5\" (06:00 on weekdays).");
    }
    Optional<String> tz = Optional.of(annotation.timezone().trim()).filter(s -> !s.isEmpty());
    if (tz.isPresent()) {
      try {
        if (ZoneId.of(tz.get()) instanceof ZoneOffset) {
          throw new DateTimeException("an offset, not a region");
        }
      } catch (DateTimeException e) {
        problems.add(
            "@Schedule(timezone): value \""
                + tz.get()
                + "\" is not an IANA time zone ("
                + e.getMessage()
                + "). Use e.g. \"Europe/Berlin\" or \"America/New_York\".");
      }
    }
    if (!problems.isEmpty()) {
      throw new ArgoCompileException(problems);
    }
    return new ScheduleSpec(cron, tz);
  }
}
