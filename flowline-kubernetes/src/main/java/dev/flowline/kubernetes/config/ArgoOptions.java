package dev.flowline.kubernetes.config;

import dev.flowline.config.ConfigOption;
import dev.flowline.config.OptionGroup;
import dev.flowline.config.ValueType;
import java.util.List;

/**
 * Metaflow's Argo Workflows and Argo Events keys. They stay in this module although flowline-argo
 * reads them: Kubernetes tasks receive the forwarded ones in their environment (as Metaflow's do),
 * so a Job rendered without flowline-argo on the class path carries them too. The Sensor-only keys
 * are flowline-argo's {@code ArgoEventsOptions}.
 */
public final class ArgoOptions implements OptionGroup {
  /** Argo UI URL. */
  public static final ConfigOption<String> WORKFLOWS_UI_URL =
      ConfigOption.builder(
              "METAFLOW_ARGO_WORKFLOWS_UI_URL",
              ValueType.url("\"https://argo.example.com\"", "http", "https"))
          .doc("Base URL of the Argo Workflows UI, used to print links to deployed runs.")
          .build();

  /** Secrets for Argo templates. */
  public static final ConfigOption<List<String>> WORKFLOWS_KUBERNETES_SECRETS =
      ConfigOption.builder(
              "METAFLOW_ARGO_WORKFLOWS_KUBERNETES_SECRETS", KubernetesTypes.secretNames())
          .forwarded()
          .doc(
              "Secrets added (as `envFrom`) to every Argo Workflows step template,"
                  + " comma-separated.")
          .build();

  /** Environment variables left out of the Argo templates. */
  public static final ConfigOption<List<String>> WORKFLOWS_ENV_VARS_TO_SKIP =
      ConfigOption.builder(
              "METAFLOW_ARGO_WORKFLOWS_ENV_VARS_TO_SKIP",
              ValueType.commaList("\"METAFLOW_KUBERNETES_FETCH_EC2_METADATA\""))
          .doc(
              "Names of environment variables (from the configuration or `@Environment`) that the"
                  + " Argo Workflows step templates leave out, comma-separated.")
          .build();

  /** Which CronWorkflow field holds the schedule. */
  public static final ConfigOption<Boolean> WORKFLOWS_USE_SCHEDULES =
      ConfigOption.builder("METAFLOW_ARGO_WORKFLOWS_USE_SCHEDULES", ValueType.bool())
          .defaultValue(true)
          .doc(
              "Whether a `@Schedule`'s CronWorkflow names its cron in `schedules` (a list: Argo"
                  + " Workflows v3.6 and later, and v4, which has no `schedule`) or, when false, in"
                  + " `schedule` (a single value: Argo before v3.6). Metaflow's default is false;"
                  + " Flowline's is true, the field every supported Argo reads.")
          .build();

  /** Argo Events webhook. */
  public static final ConfigOption<String> EVENTS_WEBHOOK_URL =
      ConfigOption.builder(
              "METAFLOW_ARGO_EVENTS_WEBHOOK_URL",
              ValueType.url("\"https://events.example.com/webhook\"", "http", "https"))
          .forwarded()
          .doc("Argo Events webhook to which tasks publish events.")
          .build();

  /** The webhook as seen from inside the cluster. */
  public static final ConfigOption<String> EVENTS_INTERNAL_WEBHOOK_URL =
      ConfigOption.builder(
              "METAFLOW_ARGO_EVENTS_INTERNAL_WEBHOOK_URL",
              ValueType.url(
                  "\"http://webhook-eventsource-svc.argo-events.svc:12000/metaflow-event\"",
                  "http",
                  "https"))
          .doc(
              "Argo Events webhook as the cluster's pods reach it (e.g. its Service); when set,"
                  + " remote tasks get it as `METAFLOW_ARGO_EVENTS_WEBHOOK_URL`, as in Metaflow.")
          .build();

  /** Event bus. */
  public static final ConfigOption<String> EVENTS_EVENT_BUS =
      ConfigOption.builder(
              "METAFLOW_ARGO_EVENTS_EVENT_BUS", ValueType.nonEmptyString("\"default\""))
          .defaultValue("default")
          .forwarded()
          .check(
              v ->
                  v.length() <= 253
                      && v.matches(
                          "[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*"),
              "is not a valid EventBus name (a DNS-1123 subdomain)",
              "\"default\"")
          .doc("Name of the Argo Events EventBus that sensors listen on.")
          .build();

  /** Sensor namespace. */
  public static final ConfigOption<String> EVENTS_SENSOR_NAMESPACE =
      ConfigOption.builder(
              "METAFLOW_ARGO_EVENTS_SENSOR_NAMESPACE", ValueType.nonEmptyString("\"argo-events\""))
          .derivedDefault(
              s -> s.find(KubernetesOptions.NAMESPACE),
              "the value of METAFLOW_KUBERNETES_NAMESPACE")
          .check(
              v -> v.length() <= 63 && v.matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?"),
              "is not a valid namespace (a DNS-1123 label: at most 63 characters of a-z, 0-9 and"
                  + " '-')",
              "\"argo-events\"")
          .doc("Namespace in which Argo Events Sensors are created.")
          .build();

  @Override
  public String title() {
    return "Argo Workflows and Argo Events";
  }

  @Override
  public String description() {
    return "Settings for deploying flows to Argo Workflows and triggering them with Argo Events.";
  }

  @Override
  public List<ConfigOption<?>> options() {
    return List.of(
        WORKFLOWS_UI_URL,
        WORKFLOWS_KUBERNETES_SECRETS,
        WORKFLOWS_ENV_VARS_TO_SKIP,
        WORKFLOWS_USE_SCHEDULES,
        EVENTS_WEBHOOK_URL,
        EVENTS_INTERNAL_WEBHOOK_URL,
        EVENTS_EVENT_BUS,
        EVENTS_SENSOR_NAMESPACE);
  }
}
