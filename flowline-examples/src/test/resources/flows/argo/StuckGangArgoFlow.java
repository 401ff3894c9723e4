import dev.flowline.FlowSpec;
import dev.flowline.Inputs;
import dev.flowline.Parallel;
import dev.flowline.Step;
import dev.flowline.kubernetes.Kubernetes;

/**
 * A gang whose nodes ask for more CPUs than any node has: the run's pending watchdog fails the
 * nodes' pods at their pending timeout, which fails the gang's JobSet, its task and the run.
 */
public class StuckGangArgoFlow extends FlowSpec {
  @Step
  void start() {
    next(this::train, parallel(2));
  }

  @Kubernetes(cpu = "64", pendingTimeout = 20)
  @Parallel
  @Step
  void train() {
    next(this::join);
  }

  @Step
  void join(Inputs<StuckGangArgoFlow> inputs) {
    next(this::end);
  }

  @Step
  void end() {}
}
