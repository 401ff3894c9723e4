import dev.flowline.FlowSpec;
import dev.flowline.Parameter;
import dev.flowline.Step;
import dev.flowline.argo.Trigger;

/** Started by the event data.ready: its payload's fields table and row_count set the parameters. */
@Trigger(event = "data.ready", parameters = {"table", "rows=row_count"})
public class TriggeredArgoFlow extends FlowSpec {
  @Parameter(help = "the table that is ready")
  String table = "none";

  @Parameter(help = "how many rows it has")
  int rows = 0;

  String seen;

  @Step
  void start() {
    seen = table + ":" + rows;
    System.out.println("triggered for " + seen);
    next(this::end);
  }

  @Step
  void end() {}
}
