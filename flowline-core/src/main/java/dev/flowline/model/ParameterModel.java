package dev.flowline.model;

/**
 * A {@code @Parameter} field of a flow.
 *
 * @param name the name on the command line ({@code --name}) and in {@code METAFLOW_RUN_<NAME>}
 * @param fieldName the Java field that receives the value
 * @param javaType the field's type, as a binary class name ({@code int}, {@code java.lang.String},
 *     ...)
 * @param help the help text
 * @param required whether a value must be given
 */
public record ParameterModel(
    String name, String fieldName, String javaType, String help, boolean required) {}
