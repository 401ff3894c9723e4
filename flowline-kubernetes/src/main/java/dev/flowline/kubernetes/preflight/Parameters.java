package dev.flowline.kubernetes.preflight;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** The step parameter that sets a resource, for the fixes the checks suggest. */
final class Parameters {
  private static final BigDecimal MEGA = BigDecimal.valueOf(1_000_000);

  private Parameters() {}

  /**
   * A fix that asks for at most {@code amount} (base units) of {@code resource} (possibly {@code
   * requests.}/{@code limits.}-prefixed), e.g. {@code cpu 4 or less (@Kubernetes(cpu) or --with
   * kubernetes:cpu=4)}.
   */
  static String atMost(String resource, BigDecimal amount) {
    String r = resource.replaceFirst("^(requests|limits)\\.", "");
    if (amount == null || amount.signum() <= 0) {
      return "a step that does not ask for " + r;
    }
    return switch (r) {
      case "cpu" -> {
        String v = PodAsk.show("cpu", amount, RoundingMode.DOWN);
        yield "cpu " + v + " or less (@Kubernetes(cpu) or --with kubernetes:cpu=" + v + ")";
      }
      case "memory" -> {
        String v = amount.divide(MEGA, 0, RoundingMode.DOWN).toPlainString();
        yield "memory "
            + v
            + " (MB) or less (@Kubernetes(memory), @Resources(memory) or --with"
            + " kubernetes:memory="
            + v
            + ")";
      }
      case "ephemeral-storage" -> {
        String v = amount.divide(MEGA, 0, RoundingMode.DOWN).toPlainString();
        yield "disk "
            + v
            + " (MB) or less (@Kubernetes(disk), @Resources(disk) or --with kubernetes:disk="
            + v
            + ")";
      }
      default -> {
        String v = PodAsk.show(r, amount, RoundingMode.DOWN);
        yield r.endsWith(".com/gpu")
            ? "gpu " + v + " or less (@Kubernetes(gpu) or @Resources(gpu))"
            : r + " " + v + " or less (@Kubernetes(extendedResources))";
      }
    };
  }
}
