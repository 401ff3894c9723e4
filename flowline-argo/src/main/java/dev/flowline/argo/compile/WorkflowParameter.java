package dev.flowline.argo.compile;

import java.util.Optional;

/**
 * A flow parameter as a workflow parameter of the deployment.
 *
 * @param name the parameter's name ({@code --name}), also the Argo parameter's name
 * @param javaType the field's type, as in {@link dev.flowline.model.ParameterModel#javaType()}
 * @param help the help text (the Argo parameter's description)
 * @param required whether a value must be given when the deployment is triggered
 * @param defaultValue the flow's default as text, when known; the Argo parameter's value. An empty
 *     value given to a run means "the flow's default", as an empty {@code METAFLOW_RUN_<NAME>} does
 */
public record WorkflowParameter(
    String name, String javaType, String help, boolean required, Optional<String> defaultValue) {}
