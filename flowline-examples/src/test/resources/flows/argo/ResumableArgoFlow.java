import dev.flowline.FlowSpec;
import dev.flowline.Inputs;
import dev.flowline.Parameter;
import dev.flowline.Step;
import java.util.List;

/**
 * A foreach, then a step that fails when {@code FAIL_MIDDLE=1} is in its environment (given to the
 * deployment with {@code create --with environment:...}): a failed Argo run to resume elsewhere.
 */
public class ResumableArgoFlow extends FlowSpec {
  @Parameter(help = "added to every item")
  int offset = 1;

  List<Integer> items;
  int value;
  int sum;
  String where;

  @Step
  void start() {
    items = List.of(1, 2);
    foreach("items", this::body);
  }

  @Step
  void body() {
    value = input(Integer.class) * 10 + offset;
    next(this::gather);
  }

  @Step
  void gather(Inputs<ResumableArgoFlow> inputs) {
    sum = inputs.stream().mapToInt(f -> f.value).sum();
    next(this::middle);
  }

  @Step
  void middle() {
    if ("1".equals(System.getenv("FAIL_MIDDLE"))) {
      throw new IllegalStateException("middle fails: FAIL_MIDDLE=1");
    }
    where = System.getenv("METAFLOW_KUBERNETES_POD_NAME") == null ? "local" : "kubernetes";
    System.out.println("middle ran with sum " + sum);
    next(this::end);
  }

  @Step
  void end() {
    System.out.println("ended with sum " + sum + " in " + where);
  }
}
