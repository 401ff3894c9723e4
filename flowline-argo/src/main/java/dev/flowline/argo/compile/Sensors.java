package dev.flowline.argo.compile;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flowline.kubernetes.render.LabelValues;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The Argo Events Sensor of a deployment with triggers: one dependency per event (filtered on the
 * payload's {@code name}, and on the presence of the fields that set required parameters), and one
 * trigger that creates a Workflow from the deployment's WorkflowTemplate, each mapped parameter set
 * from its payload field (its default, or empty for the flow's default, when the payload lacks it).
 * All events must arrive before a run starts (Argo Events' default, as in Metaflow).
 */
public final class Sensors {
  private static final ObjectMapper JSON = new ObjectMapper();

  private Sensors() {}

  /**
   * The Sensor.
   *
   * @param deployment the deployment
   * @param triggers its events, at least one
   * @param namespace the sensors' namespace
   * @param eventBus the EventBus
   * @param eventSource the EventSource
   * @param eventName the event within the EventSource
   * @param serviceAccount the sensor pod's service account, if configured
   */
  public static ObjectNode of(
      DeploymentSpec deployment,
      List<TriggerSpec> triggers,
      String namespace,
      String eventBus,
      String eventSource,
      String eventName,
      Optional<String> serviceAccount) {
    ObjectNode s = JSON.createObjectNode();
    s.put("apiVersion", "argoproj.io/v1alpha1");
    s.put("kind", "Sensor");
    ObjectNode meta = s.putObject("metadata");
    meta.put("name", deployment.name().replace('.', '-'));
    meta.put("namespace", namespace);
    ObjectNode labels = meta.putObject("labels");
    labels.put("app.kubernetes.io/part-of", "flowline");
    labels.put("app.kubernetes.io/name", "flowline-sensor");
    labels.put("flowline.dev/flow", LabelValues.safe(deployment.flowName()));
    ObjectNode spec = s.putObject("spec");
    spec.put("eventBusName", eventBus);
    ObjectNode pod = spec.putObject("template");
    // As Metaflow's: a small Guaranteed pod, so that namespaces with quotas admit it.
    ObjectNode resources = pod.putObject("container").putObject("resources");
    resources.putObject("requests").put("cpu", "100m").put("memory", "250Mi");
    resources.putObject("limits").put("cpu", "100m").put("memory", "250Mi");
    serviceAccount.ifPresent(sa -> pod.put("serviceAccountName", sa));
    ArrayNode deps = spec.putArray("dependencies");
    List<String[]> mapped = new ArrayList<>(); // dependency, parameter, field
    for (TriggerSpec t : triggers) {
      ObjectNode d = deps.addObject();
      d.put("name", t.dependencyName());
      d.put("eventSourceName", eventSource);
      d.put("eventName", eventName);
      ArrayNode exprs = d.putObject("filters").putArray("exprs");
      ObjectNode byName = exprs.addObject().put("expr", "name == '" + t.event() + "'");
      byName.putArray("fields").addObject().put("name", "name").put("path", "body.payload.name");
      if (t.source().equals("@TriggerOnFinish")) {
        // Only the end event a run publishes, as Metaflow: not one published by hand.
        exprs
            .addObject()
            .put("expr", "field == 'True'")
            .putArray("fields")
            .addObject()
            .put("name", "field")
            .put("path", "body.payload.auto-generated-by-metaflow");
      }
      t.parameters()
          .forEach(
              (param, field) -> {
                boolean required =
                    deployment.parameters().stream()
                        .anyMatch(p -> p.name().equals(param) && p.required());
                if (required) {
                  ObjectNode has = exprs.addObject().put("expr", "true == true");
                  has.putArray("fields")
                      .addObject()
                      .put("name", "field")
                      .put("path", "body.payload." + field);
                }
                mapped.add(new String[] {t.dependencyName(), param, field});
              });
    }
    ObjectNode template = spec.putArray("triggers").addObject().putObject("template");
    template.put("name", deployment.name().replace('.', '-'));
    ObjectNode k8s = template.putObject("k8s");
    k8s.put("operation", "create");
    ObjectNode wf = k8s.putObject("source").putObject("resource");
    wf.put("apiVersion", "argoproj.io/v1alpha1");
    wf.put("kind", "Workflow");
    ObjectNode wm = wf.putObject("metadata");
    wm.put("generateName", deployment.name() + "-");
    wm.put("namespace", deployment.namespace());
    ObjectNode wl = wm.putObject("labels");
    wl.put("app.kubernetes.io/part-of", "flowline");
    wl.put("flowline.dev/flow", LabelValues.safe(deployment.flowName()));
    ObjectNode ws = wf.putObject("spec");
    ws.putObject("workflowTemplateRef").put("name", deployment.name());
    if (!mapped.isEmpty()) {
      ArrayNode args = ws.putObject("arguments").putArray("parameters");
      ArrayNode params = k8s.putArray("parameters");
      for (int i = 0; i < mapped.size(); i++) {
        String[] m = mapped.get(i);
        String fallback =
            deployment.parameters().stream()
                .filter(p -> p.name().equals(m[1]))
                .findFirst()
                .flatMap(WorkflowParameter::defaultValue)
                .orElse("");
        args.addObject().put("name", m[1]).put("value", fallback);
        ObjectNode p = params.addObject();
        p.putObject("src")
            .put("dependencyName", m[0])
            .put("dataKey", "body.payload." + m[2])
            .put("value", fallback);
        p.put("dest", "spec.arguments.parameters." + i + ".value");
      }
    }
    return s;
  }
}
