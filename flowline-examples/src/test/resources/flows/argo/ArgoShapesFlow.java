import dev.flowline.FlowSpec;
import dev.flowline.Inputs;
import dev.flowline.Parameter;
import dev.flowline.Step;
import java.util.List;

/** A branch, then a foreach, with a typed parameter: what an Argo deployment must run. */
public class ArgoShapesFlow extends FlowSpec {
  @Parameter(help = "added to every item")
  int offset = 1;

  int left;
  int right;
  int total;
  List<Integer> items;
  int value;
  List<Integer> values;

  @Step
  void start() {
    next(this::left, this::right);
  }

  @Step
  void left() {
    left = 10;
    next(this::join);
  }

  @Step
  void right() {
    right = 20;
    next(this::join);
  }

  @Step
  void join(Inputs<ArgoShapesFlow> inputs) {
    total = inputs.stream().mapToInt(f -> f.left + f.right).sum();
    next(this::fan);
  }

  @Step
  void fan() {
    items = List.of(1, 2, 3);
    foreach("items", this::body);
  }

  @Step
  void body() {
    value = input(Integer.class) * total + offset;
    next(this::gather);
  }

  @Step
  void gather(Inputs<ArgoShapesFlow> inputs) {
    values = inputs.map(f -> f.value);
    next(this::end);
  }

  @Step
  void end() {
    System.out.println("values " + values);
  }
}
