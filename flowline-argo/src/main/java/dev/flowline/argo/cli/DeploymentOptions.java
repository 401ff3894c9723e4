package dev.flowline.argo.cli;

import picocli.CommandLine.Option;

/** How a command names the deployment it works on: {@code --name}, {@code @Project} branches. */
final class DeploymentOptions {
  @Option(
      names = "--name",
      paramLabel = "NAME",
      description =
          "The deployment's name (default: the flow's name, lower-cased; with @Project,"
              + " <project>.<branch>.<flow>).")
  String name;

  @Option(
      names = "--branch",
      paramLabel = "BRANCH",
      description = "With @Project: the test branch test.BRANCH instead of user.<you>.")
  String branch;

  @Option(
      names = "--production",
      description = "With @Project: the production branch (prod, or prod.BRANCH with --branch).")
  boolean production;
}
