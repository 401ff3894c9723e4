import dev.flowline.FlowSpec;
import dev.flowline.Inputs;
import dev.flowline.Step;

/**
 * The read of {@code mode} after the join goes through another class, which static analysis does
 * not follow: the run starts, and the task fails at the first read with the fix. {@code topK} is a
 * constant (never assigned by a step): it stays readable after the join.
 */
public class HiddenReadAfterJoinFlow extends FlowSpec {
  String mode = "default";
  int topK = 5;
  String seen;

  @Step
  void start() {
    mode = "production";
    next(this::a, this::b);
  }

  @Step
  void a() {
    next(this::join);
  }

  @Step
  void b() {
    next(this::join);
  }

  @Step
  void join(Inputs<HiddenReadAfterJoinFlow> inputs) {
    seen = "topK=" + topK;
    next(this::end);
  }

  @Step
  void end() {
    System.out.println(seen + " mode=" + Reader.modeOf(this));
  }
}

final class Reader {
  static String modeOf(HiddenReadAfterJoinFlow flow) {
    return flow.mode;
  }
}
