import dev.flowline.FlowSpec;
import dev.flowline.Step;
import java.util.List;
import java.util.Map;

/** Artifacts of many shapes for dump: a large numeric array, JDK collections, a record. */
public class ShapesFlow extends FlowSpec {
  public record Model(String name, double[] weights) implements java.io.Serializable {}

  double[] big;
  List<String> names;
  Map<String, Integer> counts;
  Model model;
  String note;

  @Step
  void start() {
    big = new double[2_000_000];
    for (int i = 0; i < big.length; i++) {
      big[i] = i * 0.5;
    }
    names = List.of("a", "b", "c");
    counts = Map.of("x", 1);
    model = new Model("m", new double[100_000]);
    note = "short";
    next(this::end);
  }

  @Step
  void end() {}
}
