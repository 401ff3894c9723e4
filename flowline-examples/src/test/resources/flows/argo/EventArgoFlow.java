import dev.flowline.FlowSpec;
import dev.flowline.Step;
import dev.flowline.argo.Trigger;

/** Starts when data.ready arrives. */
@Trigger(event = "data.ready")
public class EventArgoFlow extends FlowSpec {
  @Step
  void start() {
    next(this::end);
  }

  @Step
  void end() {}
}
