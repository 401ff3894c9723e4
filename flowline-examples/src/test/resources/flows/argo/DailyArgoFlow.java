import dev.flowline.FlowSpec;
import dev.flowline.Step;
import dev.flowline.argo.Schedule;

/** Scheduled once a day: its CronWorkflow is compared by {@code argo-workflows diff}. */
@Schedule(daily = true)
public class DailyArgoFlow extends FlowSpec {
  String message;

  @Step
  void start() {
    message = "daily";
    next(this::end);
  }

  @Step
  void end() {
    System.out.println(message);
  }
}
