import dev.flowline.FlowSpec;
import dev.flowline.Inputs;
import dev.flowline.Step;
import dev.flowline.Timeout;
import dev.flowline.kubernetes.Kubernetes;

/**
 * A step whose pod can never be scheduled, beside a step that runs past the stuck step's pending
 * timeout: Argo applies a template's timeout when it next looks at the workflow, here when the
 * slow step ends, and the run fails.
 */
public class StuckArgoFlow extends FlowSpec {
  @Step
  void start() {
    next(this::stuck, this::slow);
  }

  @Kubernetes(nodeSelector = "flowline.dev/no-such-node=true", pendingTimeout = 20)
  @Timeout(seconds = 60)
  @Step
  void stuck() {
    next(this::join);
  }

  @Step
  void slow() throws InterruptedException {
    Thread.sleep(100_000); // past stuck's pendingTimeout + time limit (80 s) from its start
    next(this::join);
  }

  @Step
  void join(Inputs<StuckArgoFlow> inputs) {
    next(this::end);
  }

  @Step
  void end() {}
}
