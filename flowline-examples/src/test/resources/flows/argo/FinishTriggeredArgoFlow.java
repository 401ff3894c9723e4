import dev.flowline.FlowSpec;
import dev.flowline.Step;
import dev.flowline.argo.TriggerOnFinish;

/** Started when a run of TriggeredArgoFlow finishes (its end event, published by the run itself). */
@TriggerOnFinish(flow = "TriggeredArgoFlow")
public class FinishTriggeredArgoFlow extends FlowSpec {
  String message;

  @Step
  void start() {
    message = "after TriggeredArgoFlow";
    next(this::end);
  }

  @Step
  void end() {}
}
