import dev.flowline.FlowSpec;
import dev.flowline.Step;
import dev.flowline.argo.Schedule;

/** Runs every minute. */
@Schedule(cron = "* * * * *")
public class CronArgoFlow extends FlowSpec {
  String message;

  @Step
  void start() {
    message = "scheduled";
    next(this::end);
  }

  @Step
  void end() {
    System.out.println(message);
  }
}
