import dev.flowline.FlowSpec;
import dev.flowline.Inputs;
import dev.flowline.Parameter;
import dev.flowline.Step;
import java.util.List;

/**
 * Fields that a step assigns only sometimes keep their earlier value when the assignment does not
 * run: in a linear step (String, int, double, long), through a helper method, a lambda, a loop, in a
 * foreach body, in a nested foreach, in a step after a join, and for a superclass field.
 */
public class ConditionalWritesFlow extends ConditionalWritesBase {
  @Parameter(help = "whether the conditional assignments run") boolean change = false;

  String label;
  int count;
  double ratio;
  long big;
  String viaHelper;
  String viaLambda;
  String inLoop;
  List<String> outer;
  List<String> inner;
  String bodyNote;
  String afterJoin;
  String summary;

  @Step
  void start() {
    label = "keep-me";
    count = 42;
    ratio = 0.5;
    big = 7_000_000_000L;
    viaHelper = "start";
    viaLambda = "start";
    inLoop = "start";
    baseNote = "base-start";
    outer = List.of("a", "b");
    inner = List.of("x", "y");
    bodyNote = "start";
    afterJoin = "start";
    next(this::middle);
  }

  @Step
  void middle() {
    if (change) {
      label = "changed";
      count = -1;
      ratio = -1.5;
      big = -1L;
      baseNote = "base-changed";
    }
    for (int i = 0; i < (change ? 3 : 0); i++) {
      inLoop = "loop-" + i;
    }
    if (change) {
      assignViaHelper("helper");
    }
    Runnable r = () -> viaLambda = "lambda";
    if (change) {
      r.run();
    }
    foreach("outer", this::perOuter);
  }

  private void assignViaHelper(String value) {
    viaHelper = value;
  }

  @Step
  void perOuter() {
    if (change && input(String.class).equals("b")) {
      bodyNote = "outer-b";
    }
    foreach("inner", this::perInner);
  }

  @Step
  void perInner() {
    // nested foreach body: a conditional write that never runs when change is false
    if (change && input(String.class).equals("y")) {
      count = count + 1000;
    }
    next(this::innerJoin);
  }

  @Step
  void innerJoin(Inputs<ConditionalWritesFlow> inputs) {
    mergeArtifacts(inputs, "count");
    count = inputs.stream().mapToInt(f -> f.count).max().orElseThrow();
    next(this::outerJoin);
  }

  @Step
  void outerJoin(Inputs<ConditionalWritesFlow> inputs) {
    mergeArtifacts(inputs, "count", "bodyNote");
    count = inputs.stream().mapToInt(f -> f.count).max().orElseThrow();
    bodyNote = String.join(",", inputs.stream().map(f -> f.bodyNote).sorted().toList());
    next(this::afterTheJoin);
  }

  @Step
  void afterTheJoin() {
    if (change) {
      afterJoin = "changed-after-join";
    }
    next(this::end);
  }

  @Step
  void end() {
    summary =
        String.join(
            " ",
            "label=" + label,
            "count=" + count,
            "ratio=" + ratio,
            "big=" + big,
            "viaHelper=" + viaHelper,
            "viaLambda=" + viaLambda,
            "inLoop=" + inLoop,
            "baseNote=" + baseNote,
            "bodyNote=" + bodyNote,
            "afterJoin=" + afterJoin);
    System.out.println(summary);
  }
}

abstract class ConditionalWritesBase extends FlowSpec {
  String baseNote;
}
