package dev.flowline.argo.compile;

import dev.flowline.argo.Trigger;
import dev.flowline.argo.TriggerOnFinish;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One event a deployment waits for, checked: its name and which flow parameters its payload sets.
 *
 * @param event the event name ({@code payload.name})
 * @param source {@code @Trigger} or {@code @TriggerOnFinish}, for messages
 * @param parameters payload field by flow parameter name
 */
public record TriggerSpec(String event, String source, Map<String, String> parameters) {
  private static final Pattern EVENT = Pattern.compile("[A-Za-z0-9_.-]+");
  private static final Pattern FIELD = Pattern.compile("[A-Za-z0-9_]+");
  private static final Pattern FLOW =
      Pattern.compile("([a-z0-9_]+\\.[a-z0-9_.]+\\.)?[A-Za-z0-9_]+");

  /** Canonical form: an immutable, ordered copy. */
  public TriggerSpec {
    parameters = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
  }

  /**
   * The event of {@code trigger}: {@code parameters} items are {@code "param"} (the payload field
   * of the same name) or {@code "param=field"}; without any, every parameter of the flow is set
   * from the field of its name when the payload has it (as Metaflow's {@code @trigger}).
   *
   * @throws ArgoCompileException naming every bad name, unknown parameter and bad field
   */
  public static TriggerSpec of(Trigger trigger, List<WorkflowParameter> flowParameters) {
    List<String> problems = new ArrayList<>();
    if (!EVENT.matcher(trigger.event()).matches()) {
      problems.add(
          "@Trigger(event): value \""
              + trigger.event()
              + "\" is not an event name (letters, digits, '_', '.' and '-'). Use e.g."
              + " \"data.ready\".");
    }
    Map<String, String> mapping = new LinkedHashMap<>();
    if (trigger.parameters().length == 0) {
      flowParameters.forEach(p -> mapping.put(p.name(), p.name()));
    }
    for (String item : trigger.parameters()) {
      int eq = item.indexOf('=');
      String param = (eq < 0 ? item : item.substring(0, eq)).trim();
      String field = (eq < 0 ? item : item.substring(eq + 1)).trim();
      if (flowParameters.stream().noneMatch(p -> p.name().equals(param))) {
        problems.add(
            "@Trigger(parameters): \""
                + item
                + "\" names parameter --"
                + param
                + ", which the flow does not have (its parameters: "
                + (flowParameters.isEmpty()
                    ? "none"
                    : String.join(", ", flowParameters.stream().map(p -> "--" + p.name()).toList()))
                + "). Fix the name.");
      } else if (!FIELD.matcher(field).matches()) {
        problems.add(
            "@Trigger(parameters): \""
                + item
                + "\" maps to payload field \""
                + field
                + "\", which is not a field name (letters, digits and '_'). Use e.g. \""
                + param
                + "=table_name\".");
      } else if (mapping.put(param, field) != null) {
        problems.add(
            "@Trigger(parameters): parameter --" + param + " is mapped twice. Keep one mapping.");
      }
    }
    if (!problems.isEmpty()) {
      throw new ArgoCompileException(problems);
    }
    return new TriggerSpec(trigger.event(), "@Trigger", mapping);
  }

  /**
   * The event of a finished run of another flow: {@code metaflow.<flow>.end}, or {@code
   * metaflow.<project>.<branch>.<flow>.end} when {@code flow} names project and branch, as
   * Metaflow's runs publish it.
   *
   * @throws ArgoCompileException when {@code flow} is not a flow name
   */
  public static TriggerSpec of(TriggerOnFinish trigger) {
    if (!FLOW.matcher(trigger.flow()).matches()) {
      throw new ArgoCompileException(
          List.of(
              "@TriggerOnFinish(flow): value \""
                  + trigger.flow()
                  + "\" is not a flow name (letters, digits and '_', optionally after"
                  + " \"project.branch.\"). Use e.g. \"TrainingFlow\"."));
    }
    return new TriggerSpec("metaflow." + trigger.flow() + ".end", "@TriggerOnFinish", Map.of());
  }

  /** The name of this event's dependency in the Sensor: the event name, as a DNS label part. */
  public String dependencyName() {
    String s = event.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
    return s.replaceAll("^-+|-+$", "")
        + "-"
        + dev.flowline.kubernetes.render.LabelValues.hash(event).substring(0, 4);
  }
}
