package dev.flowline.runtime;

import dev.flowline.datastore.ArtifactIndex;
import dev.flowline.datastore.ContentStore;
import dev.flowline.datastore.cas.ArtifactRef;
import dev.flowline.metadata.RunRecord;
import dev.flowline.model.ParameterModel;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The parameters of a run, as Metaflow keeps them: the launcher evaluates the effective value of
 * every declared parameter once (given, {@code METAFLOW_RUN_<NAME>}, or the field's default),
 * stores each as an artifact and records the references in the run record; the start task reads
 * them from there, and {@code resume} reuses the origin run's references.
 *
 * @param asGiven the values as given on the command line or in the environment, as text, by
 *     parameter name
 * @param values the effective values, stored, by field name
 */
public record RunParameters(Map<String, String> asGiven, ArtifactIndex values) {
  /** Canonical form: an immutable copy. */
  public RunParameters {
    asGiven = Map.copyOf(asGiven);
  }

  /**
   * Stores {@code values} (the effective value of every parameter, by field name).
   *
   * @throws dev.flowline.datastore.ArtifactSerializationException when a value cannot be stored
   */
  public static RunParameters save(
      ContentStore cas, Map<String, String> asGiven, Map<String, Object> values)
      throws IOException {
    var refs = new TreeMap<String, ArtifactRef>();
    for (var e : values.entrySet()) {
      refs.put(e.getKey(), cas.save(e.getKey(), e.getValue()));
    }
    return new RunParameters(asGiven, ArtifactIndex.of(refs));
  }

  /** The parameters recorded for {@code run} (to reuse them when resuming it). */
  public static RunParameters of(RunRecord run) {
    return new RunParameters(run.parameters(), run.parameterValues());
  }

  /**
   * The values of {@code parameters} for the start task of {@code run}, by field name: the stored
   * values; for a run recorded without them, the values as given, converted again, and defaults.
   */
  static Map<String, Object> load(
      RunRecord run,
      List<ParameterModel> parameters,
      FlowFields fields,
      ContentStore cas,
      ClassLoader loader)
      throws IOException {
    if (run.parameterValues().names().isEmpty()) {
      return new ParameterBinder(parameters, fields).bind(run.parameters(), Map.of());
    }
    var values = new LinkedHashMap<String, Object>();
    for (ParameterModel p : parameters) {
      var ref = run.parameterValues().find(p.fieldName());
      if (ref.isEmpty()) {
        throw new IllegalStateException(
            "run "
                + run.pathspec()
                + " has no stored value of parameter --"
                + p.name()
                + " (field "
                + p.fieldName()
                + "); it was started with another version of the flow. Start a new run.");
      }
      values.put(p.fieldName(), cas.load(p.fieldName(), ref.get(), loader));
    }
    return values;
  }
}
