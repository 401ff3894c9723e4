package dev.flowline.argo.config;

import dev.flowline.config.ConfigOption;
import dev.flowline.config.OptionGroup;
import dev.flowline.config.ValueType;
import java.util.List;

/**
 * Where the Sensors of {@code @Trigger} and {@code @TriggerOnFinish} flows listen: Metaflow's
 * {@code ARGO_EVENTS_EVENT_SOURCE}, {@code ARGO_EVENTS_EVENT} and {@code
 * ARGO_EVENTS_SERVICE_ACCOUNT}. The event bus and the sensors' namespace are in {@code ArgoOptions}
 * (flowline-kubernetes), which Kubernetes pods also receive.
 */
public final class ArgoEventsOptions implements OptionGroup {
  /** The EventSource whose events the sensors read. */
  public static final ConfigOption<String> EVENT_SOURCE =
      ConfigOption.builder(
              "METAFLOW_ARGO_EVENTS_EVENT_SOURCE",
              ValueType.nonEmptyString("\"argo-events-webhook\""))
          .doc(
              "Name of the Argo Events EventSource (e.g. a webhook) that carries Flowline's and"
                  + " Metaflow's events; required to deploy a flow with `@Trigger` or"
                  + " `@TriggerOnFinish`.")
          .build();

  /** The event of that EventSource. */
  public static final ConfigOption<String> EVENT =
      ConfigOption.builder(
              "METAFLOW_ARGO_EVENTS_EVENT", ValueType.nonEmptyString("\"metaflow-event\""))
          .doc(
              "Name of the event, within the EventSource, whose payloads name the events"
                  + " (`payload.name`); required with `@Trigger` or `@TriggerOnFinish`.")
          .build();

  /** The sensors' service account. */
  public static final ConfigOption<String> SERVICE_ACCOUNT =
      ConfigOption.builder(
              "METAFLOW_ARGO_EVENTS_SERVICE_ACCOUNT",
              ValueType.nonEmptyString("\"operate-workflow-sa\""))
          .doc(
              "Service account of the sensors' pods; it needs the right to create Workflows in"
                  + " `METAFLOW_KUBERNETES_NAMESPACE`.")
          .build();

  @Override
  public String title() {
    return "Argo Events sensors";
  }

  @Override
  public String description() {
    return "Settings of the Sensors that start deployed flows when events arrive (`@Trigger`,"
        + " `@TriggerOnFinish`).";
  }

  @Override
  public List<ConfigOption<?>> options() {
    return List.of(EVENT_SOURCE, EVENT, SERVICE_ACCOUNT);
  }
}
