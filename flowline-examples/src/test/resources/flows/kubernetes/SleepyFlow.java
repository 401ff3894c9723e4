import dev.flowline.FlowSpec;
import dev.flowline.Step;
import dev.flowline.kubernetes.Kubernetes;

/**
 * A step on Kubernetes that sleeps SLEEPY_MILLIS (default 60 s) before it ends; with SLEEPY_ONCE
 * set, only its first attempt sleeps (for the tests of evictions, deadlines and kills).
 */
public class SleepyFlow extends FlowSpec {
  int attempt;

  @Kubernetes(cpu = "0.5", memory = 768)
  @Step
  void start() throws InterruptedException {
    attempt = current().retryCount();
    long millis = Long.parseLong(System.getenv().getOrDefault("SLEEPY_MILLIS", "60000"));
    if (attempt > 0 && System.getenv("SLEEPY_ONCE") != null) {
      millis = 0;
    }
    System.out.println("attempt " + attempt + " sleeps " + millis + " ms");
    Thread.sleep(millis);
    next(this::end);
  }

  @Step
  void end() {
    System.out.println("start ended on attempt " + attempt);
  }
}
