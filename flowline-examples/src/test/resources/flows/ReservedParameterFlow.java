import dev.flowline.FlowSpec;
import dev.flowline.Parameter;
import dev.flowline.Step;

/** A flow whose parameter takes a reserved name: the model is broken, so nothing may run. */
public class ReservedParameterFlow extends FlowSpec {
  @Parameter(help = "a mode")
  String mode = "fast";

  @Parameter(help = "reserved by Metaflow's run options")
  String tags = "";

  @Step
  void start() {
    next(this::end);
  }

  @Step
  void end() {}
}
