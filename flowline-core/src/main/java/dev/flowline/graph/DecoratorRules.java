package dev.flowline.graph;

import dev.flowline.model.DecoratorSpec;
import dev.flowline.model.FlowModel;
import dev.flowline.model.StepModel;
import dev.flowline.model.StepType;
import java.util.List;
import java.util.Map;

/**
 * Static checks of the built-in decorators, on the merged attributes ({@link
 * StepModel#mergedDecorator}) so that {@code --with} values are checked too: {@code @Retry(times)}
 * between 0 and 4 (Metaflow's {@code MAX_ATTEMPTS}), {@code minutesBetweenRetries} not negative,
 * {@code @Timeout} with a positive total, {@code @Environment(vars)} items {@code NAME=value},
 * {@code @Catch} not on a foreach step (as in Metaflow: a caught failure cannot produce the foreach
 * items).
 */
final class DecoratorRules implements GraphRule {
  /** Metaflow allows at most 4 retries (6 attempts including error retries). */
  static final int MAX_RETRIES = 4;

  @Override
  public void check(FlowModel model, List<GraphProblem> problems) {
    for (StepModel step : model.steps()) {
      step.mergedDecorator("retry").ifPresent(attrs -> checkRetry(step, attrs, problems));
      step.mergedDecorator("timeout").ifPresent(attrs -> checkTimeout(step, attrs, problems));
      for (String item : step.resolved().invalidEnvironment()) {
        problems.add(
            new GraphProblem(
                step.name(),
                "step '"
                    + step.name()
                    + "': @Environment(vars) item \""
                    + item
                    + "\" is not NAME=value with NAME a variable name ([A-Za-z_][A-Za-z0-9_]*)",
                "write items like \"MODE=train\"",
                step.line()));
      }
      if (step.mergedDecorator("catch").isPresent()
          && step.type() == StepType.FOREACH
          && !step.startsGang()) {
        problems.add(
            new GraphProblem(
                step.name(),
                "step '"
                    + step.name()
                    + "': @Catch is not allowed on a foreach step (a caught failure"
                    + " cannot produce the items to iterate)",
                "remove @Catch from "
                    + step.name()
                    + "(), or put it on the steps inside the foreach",
                step.line()));
      }
    }
  }

  /**
   * How the user wrote {@code attribute = value}: on the step's annotation ({@code @Retry(times =
   * 9)}) when the annotation sets it, else on the command line ({@code --with retry:times=9}).
   */
  private static String written(
      StepModel step, String decorator, String annotation, String attribute, Object value) {
    boolean onAnnotation =
        step.decorators().stream()
            .anyMatch(
                d ->
                    d.name().equals(decorator)
                        && d.origin() == DecoratorSpec.Origin.ANNOTATION
                        && d.attributes().containsKey(attribute));
    return onAnnotation
        ? "@" + annotation + "(" + attribute + " = " + value + ")"
        : "--with " + decorator + ":" + attribute + "=" + value;
  }

  private static void checkRetry(
      StepModel step, Map<String, Object> attrs, List<GraphProblem> problems) {
    if (attrs.get("times") instanceof Number n
        && (n.longValue() < 0 || n.longValue() > MAX_RETRIES)) {
      problems.add(
          new GraphProblem(
              step.name(),
              "step '"
                  + step.name()
                  + "': "
                  + written(step, "retry", "Retry", "times", n)
                  + " is out of range: times must be between 0"
                  + " and "
                  + MAX_RETRIES,
              "use a value from 0 to "
                  + MAX_RETRIES
                  + ", e.g. "
                  + written(step, "retry", "Retry", "times", MAX_RETRIES),
              step.line()));
    }
    if (attrs.get("minutesBetweenRetries") instanceof Number n && n.longValue() < 0) {
      problems.add(
          new GraphProblem(
              step.name(),
              "step '" + step.name() + "': @Retry(minutesBetweenRetries = " + n + ") is negative",
              "use 0 or more minutes",
              step.line()));
    }
  }

  private static void checkTimeout(
      StepModel step, Map<String, Object> attrs, List<GraphProblem> problems) {
    long seconds = number(attrs, "seconds");
    long minutes = number(attrs, "minutes");
    long hours = number(attrs, "hours");
    if (seconds < 0 || minutes < 0 || hours < 0) {
      problems.add(
          new GraphProblem(
              step.name(),
              "step '"
                  + step.name()
                  + "': @Timeout has a negative part (seconds = "
                  + seconds
                  + ", minutes = "
                  + minutes
                  + ", hours = "
                  + hours
                  + ")",
              "use values of 0 or more, e.g. @Timeout(minutes = 10)",
              step.line()));
    } else if (seconds + 60 * minutes + 3600 * hours == 0) {
      problems.add(
          new GraphProblem(
              step.name(),
              "step '" + step.name() + "': @Timeout has a total duration of 0 seconds",
              "set seconds, minutes or hours to a positive value, e.g. @Timeout(minutes = 10)",
              step.line()));
    }
  }

  private static long number(Map<String, Object> attrs, String key) {
    return attrs.get(key) instanceof Number n ? n.longValue() : 0;
  }
}
