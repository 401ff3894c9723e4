package dev.flowline.argo.compile;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Argo's and Kubernetes' name rules, checked before anything is created. A deployment's name is at
 * most {@value #MAX_DEPLOYMENT_NAME} characters: each run is a Workflow named {@code <name>-xxxxx}
 * (Argo's {@code generateName}) and a CronWorkflow's runs get {@code -<10 digits>}; both names go
 * into 63-character label values. Template and DAG-task names follow Argo's rule ({@code
 * [a-zA-Z0-9][-a-zA-Z0-9]*}, at most {@value #MAX_TEMPLATE_NAME} characters) and are lower-cased,
 * so that the pod names Argo derives from them are valid host names.
 */
public final class ArgoNames {
  /** Longest deployment (WorkflowTemplate) name. */
  public static final int MAX_DEPLOYMENT_NAME = 45;

  /** Longest template or DAG-task name. */
  public static final int MAX_TEMPLATE_NAME = 128;

  private static final Pattern DEPLOYMENT = Pattern.compile("[a-z]([a-z0-9.-]*[a-z0-9])?");
  private static final Pattern TEMPLATE = Pattern.compile("[a-z0-9][-a-z0-9]*");
  private static final Pattern PARAMETER = Pattern.compile("[-a-zA-Z0-9_]+");

  private ArgoNames() {}

  /**
   * The default deployment name of a flow: its name lower-cased, without characters a Kubernetes
   * name cannot hold ({@code MyFlow} becomes {@code myflow}).
   */
  public static String deploymentName(String flowName) {
    String s = flowName.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.-]", "");
    s = s.replaceAll("^[^a-z]+", "").replaceAll("[^a-z0-9]+$", "");
    return s;
  }

  /** The template and DAG-task name of a step: lower case, {@code _} and {@code $} become '-'. */
  public static String stepTemplate(String step) {
    return step.toLowerCase(Locale.ROOT).replace('_', '-').replace('$', '-');
  }

  /** Problems of a deployment name (empty when valid). */
  public static List<String> checkDeployment(String name, String source) {
    if (name.length() > MAX_DEPLOYMENT_NAME) {
      return List.of(
          source
              + ": value \""
              + name
              + "\" has "
              + name.length()
              + " characters; a deployment name has at most "
              + MAX_DEPLOYMENT_NAME
              + " (each run's workflow adds a suffix, and both go into 63-character labels)."
              + " Give a shorter one with --name, e.g. --name "
              + name.substring(0, Math.min(20, name.length())).replaceAll("[^a-z0-9]+$", "")
              + ".");
    }
    if (!DEPLOYMENT.matcher(name).matches()) {
      return List.of(
          source
              + ": value \""
              + name
              + "\" is not a valid deployment name (lower-case letters, digits, '.' and '-',"
              + " starting with a letter and ending with a letter or digit). Give one with --name,"
              + " e.g. --name "
              + (deploymentName(name).isEmpty() ? "myflow" : deploymentName(name))
              + ".");
    }
    return List.of();
  }

  /**
   * Problems of the template names: each valid, and no two steps (or a step and a template the
   * compiler adds) with the same name.
   *
   * @param byStep template name by step name, plus the compiler's own templates by their role
   */
  public static List<String> checkTemplates(Map<String, String> byStep) {
    var problems = new java.util.ArrayList<String>();
    Map<String, String> seen = new HashMap<>();
    byStep.forEach(
        (step, template) -> {
          if (template.length() > MAX_TEMPLATE_NAME || !TEMPLATE.matcher(template).matches()) {
            problems.add(
                "step '"
                    + step
                    + "': template name \""
                    + template
                    + "\" is not a valid Argo template name (at most "
                    + MAX_TEMPLATE_NAME
                    + " characters of a-z, 0-9 and '-', starting with a letter or digit). Rename"
                    + " the step.");
          }
          String other = seen.putIfAbsent(template, step);
          if (other != null) {
            problems.add(
                "steps '"
                    + other
                    + "' and '"
                    + step
                    + "' both become the Argo template \""
                    + template
                    + "\" (names are lower-cased and '_' becomes '-'). Rename one of them.");
          }
        });
    return problems;
  }

  /** Problems of flow parameter names as Argo parameter names. */
  public static List<String> checkParameters(Collection<WorkflowParameter> parameters) {
    var reserved =
        parameters.stream()
            .filter(p -> p.name().equals(WorkflowTemplateCompiler.BOOTSTRAP_PARAMETER))
            .map(
                p ->
                    "parameter --"
                        + p.name()
                        + ": the name is the deployment's own workflow parameter. Rename the"
                        + " parameter.");
    var invalid =
        parameters.stream()
            .filter(p -> !PARAMETER.matcher(p.name()).matches())
            .map(
                p ->
                    "parameter --"
                        + p.name()
                        + ": name \""
                        + p.name()
                        + "\" cannot be an Argo parameter name (letters, digits, '-' and '_'). Rename"
                        + " the parameter.");
    return java.util.stream.Stream.concat(reserved, invalid).toList();
  }
}
