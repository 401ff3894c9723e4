import dev.flowline.FlowSpec;
import dev.flowline.Inputs;
import dev.flowline.Step;
import java.util.List;

/** foreach names a field that does not exist (itemz), and one that is not a collection (count). */
public class ForeachTypoFlow extends FlowSpec {
  List<String> items;
  int count;

  @Step
  void start() {
    items = List.of("a");
    foreach("itemz", this::body);
  }

  @Step
  void body() {
    next(this::join);
  }

  @Step
  void join(Inputs<ForeachTypoFlow> inputs) {
    next(this::second);
  }

  @Step
  void second() {
    foreach("count", this::body2);
  }

  @Step
  void body2() {
    next(this::join2);
  }

  @Step
  void join2(Inputs<ForeachTypoFlow> inputs) {
    next(this::end);
  }

  @Step
  void end() {}
}
