import dev.flowline.FlowSpec;
import dev.flowline.Parameter;
import dev.flowline.Step;
import java.io.Serializable;
import java.util.List;
import java.util.Map;

/** A parameter of every kind a flow takes, for a deployment to pass given and default values. */
public class ArgoParametersFlow extends FlowSpec {
  /** An enum parameter. */
  public enum Mode {
    FAST,
    CAREFUL
  }

  /** A record parameter, passed as JSON. */
  public record Config(double learningRate, List<Integer> layers) implements Serializable {}

  @Parameter(help = "the dataset", required = true)
  String dataset;

  @Parameter(help = "epochs")
  int epochs = 3;

  @Parameter(help = "seed")
  long seed = 42L;

  @Parameter(help = "ratio")
  double ratio = 0.2;

  @Parameter(help = "shout")
  boolean loud;

  @Parameter(help = "mode")
  Mode mode = Mode.FAST;

  @Parameter(help = "configuration")
  Config config = new Config(0.01, List.of(16));

  @Parameter(help = "tables")
  List<String> tables = List.of("sales", "stock");

  @Parameter(help = "limits")
  Map<String, Integer> limits = Map.of("sales", 10);

  String summary;

  @Step
  void start() {
    summary =
        String.join(
            " ",
            "dataset=" + dataset,
            "epochs=" + epochs,
            "seed=" + seed,
            "ratio=" + ratio,
            "loud=" + loud,
            "mode=" + mode,
            "config=" + config,
            "tables=" + tables,
            "limits=" + limits);
    next(this::end);
  }

  @Step
  void end() {
    System.out.println("parameters " + summary);
  }
}
