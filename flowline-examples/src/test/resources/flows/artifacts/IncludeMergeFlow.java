import dev.flowline.FlowSpec;
import dev.flowline.Inputs;
import dev.flowline.Step;

/** Metaflow's include form: only the named artifacts are merged; the others do not pass the join. */
public class IncludeMergeFlow extends FlowSpec {
  String wanted;
  String unwanted;
  String summary;

  @Step
  void start() {
    next(this::a, this::b);
  }

  @Step
  void a() {
    wanted = "w";
    unwanted = "from-a";
    next(this::join);
  }

  @Step
  void b() {
    wanted = "w";
    unwanted = "from-b";
    next(this::join);
  }

  @Step
  void join(Inputs<IncludeMergeFlow> inputs) {
    mergeArtifactsIncluding(inputs, "wanted");
    next(this::end);
  }

  @Step
  void end() {
    summary = "wanted=" + wanted;
    System.out.println(summary);
  }
}
