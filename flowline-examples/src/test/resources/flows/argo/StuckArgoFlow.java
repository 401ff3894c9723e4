import dev.flowline.FlowSpec;
import dev.flowline.Retry;
import dev.flowline.Step;
import dev.flowline.Timeout;
import dev.flowline.kubernetes.Kubernetes;

/**
 * A step whose pod can never be scheduled, retried once, and nothing else running beside it: the
 * run's pending watchdog fails each attempt's pod at its pending timeout (Argo alone would never
 * look at the run again), and the run fails.
 */
public class StuckArgoFlow extends FlowSpec {
  @Step
  void start() {
    next(this::stuck);
  }

  @Kubernetes(nodeSelector = "flowline.dev/no-such-node=true", pendingTimeout = 20)
  @Timeout(seconds = 600)
  @Retry(times = 1, minutesBetweenRetries = 0)
  @Step
  void stuck() {
    next(this::end);
  }

  @Step
  void end() {}
}
