import dev.flowline.FlowSpec;
import dev.flowline.Inputs;
import dev.flowline.Parameter;
import dev.flowline.Step;
import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * mergeArtifacts over primitives, boxed values, arrays, records and collections: set in one branch
 * only, or equal in several, they merge; with {@code --conflict}, two of them differ and the merge
 * fails naming both.
 */
public class MergeFlow extends FlowSpec {
  /** A value type of the flow. */
  public record Point(int x, int y) implements Serializable {}

  @Parameter(help = "make branches a and b disagree on mean and point") boolean conflict = false;

  double mean;
  Double boxedMean;
  int[] counts;
  Point point;
  List<Integer> list;
  Map<String, Integer> map;
  String onlyB;
  String differs;
  int joinOwn;
  String summary;

  @Step
  void start() {
    next(this::a, this::b, this::c);
  }

  @Step
  void a() {
    mean = 50.7;
    boxedMean = 50.7;
    counts = new int[] {1, 2, 3};
    point = new Point(1, 2);
    list = List.of(1, 2);
    map = Map.of("k", 1);
    differs = "from-a";
    joinOwn = 1;
    next(this::join);
  }

  @Step
  void b() {
    counts = new int[] {1, 2, 3};
    point = conflict ? new Point(9, 9) : new Point(1, 2);
    list = List.of(1, 2);
    map = Map.of("k", 1);
    if (conflict) {
      mean = 1.0;
    }
    onlyB = "only-in-b";
    differs = "from-b";
    joinOwn = 2;
    next(this::join);
  }

  @Step
  void c() {
    next(this::join);
  }

  @Step
  void join(Inputs<MergeFlow> inputs) {
    joinOwn = 0; // assigned before the merge: resolves the conflict on joinOwn
    mergeArtifacts(inputs, "differs");
    next(this::end);
  }

  @Step
  void end() {
    summary =
        "mean="
            + mean
            + " boxedMean="
            + boxedMean
            + " counts="
            + java.util.Arrays.toString(counts)
            + " point="
            + point
            + " list="
            + list
            + " map="
            + map
            + " onlyB="
            + onlyB
            + " joinOwn="
            + joinOwn;
    System.out.println(summary);
  }
}
