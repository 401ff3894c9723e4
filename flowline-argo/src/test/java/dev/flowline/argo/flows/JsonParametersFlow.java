package dev.flowline.argo.flows;

import dev.flowline.FlowSpec;
import dev.flowline.Parameter;
import dev.flowline.Step;
import java.util.List;
import java.util.Map;

/** Parameters whose defaults a deployment must pass as JSON: a record, a list and a map. */
public class JsonParametersFlow extends FlowSpec {
  /** A training configuration. */
  public record Config(double learningRate, List<Integer> layers) {}

  @Parameter(help = "training configuration")
  Config config = new Config(0.01, List.of(16, 8));

  @Parameter(help = "tables to read")
  List<String> tables = List.of("sales", "stock");

  @Parameter(help = "limits by table")
  Map<String, Integer> limits = Map.of("sales", 10);

  @Step
  void start() {
    next(this::end);
  }

  @Step
  void end() {
    System.out.println(config + " " + tables + " " + limits);
  }
}
