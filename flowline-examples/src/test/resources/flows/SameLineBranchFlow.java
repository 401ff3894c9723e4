import dev.flowline.FlowSpec;
import dev.flowline.Parameter;
import dev.flowline.Step;

/** A conditional transition written on one line (not formatted on purpose): not supported. */
public class SameLineBranchFlow extends FlowSpec {
  @Parameter boolean fast = false;

  @Step void start() { if (fast) next(this::a); else next(this::b); }

  @Step void a() { next(this::end); }

  @Step void b() { next(this::end); }

  @Step void end() {}
}
