package dev.flowline.examples;

import dev.flowline.FlowSpec;
import dev.flowline.Parameter;
import dev.flowline.Step;
import java.io.Serializable;
import java.util.List;

/**
 * Run parameters of every supported type: a required String ({@code --dataset}), int, long, double
 * and boolean parameters with defaults, and a record read from JSON ({@code --config
 * '{"learningRate":0.1,"layers":[64,32]}'}). Each can also come from {@code METAFLOW_RUN_<NAME>}.
 * {@code start} writes a one-line summary.
 */
public class ParameterFlow extends FlowSpec {
  /** A JSON parameter's type. */
  public record TrainingConfig(double learningRate, List<Integer> layers) implements Serializable {}

  @Parameter(help = "name of the dataset to use", required = true)
  String dataset;

  @Parameter(help = "number of training epochs")
  int epochs = 3;

  @Parameter(help = "random seed")
  long seed = 42L;

  @Parameter(help = "fraction of the data held out for validation")
  double ratio = 0.2;

  @Parameter(help = "print more details")
  boolean verbose = false;

  @Parameter(name = "config", help = "training configuration as JSON")
  TrainingConfig trainingConfig = new TrainingConfig(0.01, List.of(16));

  String summary;

  @Step
  void start() {
    summary =
        "dataset="
            + dataset
            + " epochs="
            + epochs
            + " seed="
            + seed
            + " ratio="
            + ratio
            + " verbose="
            + verbose
            + " learningRate="
            + trainingConfig.learningRate()
            + " layers="
            + trainingConfig.layers();
    next(this::end);
  }

  @Step
  void end() {
    System.out.println(summary);
  }
}
