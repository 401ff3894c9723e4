package dev.flowline.argo.mfref;

import dev.flowline.FlowSpec;
import dev.flowline.Parameter;
import dev.flowline.Step;

/**
 * Mirrors {@code parameters.py}: a required string without default, int, long, double, boolean and
 * a JSON text parameter named {@code config}.
 */
public class ParameterFlow extends FlowSpec {
  @Parameter(help = "name of the dataset to use", required = true)
  String dataset;

  @Parameter(help = "number of training epochs")
  int epochs = 3;

  @Parameter(help = "random seed")
  long seed = 42;

  @Parameter(help = "fraction of the data held out for validation")
  double ratio = 0.2;

  @Parameter(help = "print more details")
  boolean verbose;

  @Parameter(name = "config", help = "training configuration as JSON")
  String trainingConfig = "{\"learningRate\": 0.01, \"layers\": [16]}";

  String summary;

  @Step
  void start() {
    summary = "dataset=" + dataset + " epochs=" + epochs;
    next(this::end);
  }

  @Step
  void end() {
    System.out.println(summary);
  }
}
