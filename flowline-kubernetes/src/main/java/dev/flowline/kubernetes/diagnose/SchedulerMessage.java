package dev.flowline.kubernetes.diagnose;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The scheduler's reason for not placing a pod, as {@code FitError.Error()} writes it
 * (pkg/scheduler/framework/types.go): {@code 0/N nodes are available: R.} followed by what the
 * post-filter plugins said, where R is either one PreFilter message that holds for every node
 * ({@code pod has unbound immediate PersistentVolumeClaims}) or the per-node reasons as a sorted
 * histogram {@code 2 Insufficient cpu, 1 node(s) had untolerated taint(s)}, and the post-filter
 * part is usually DefaultPreemption's {@code preemption: 0/N nodes are available: ...}.
 *
 * @param nodes how many nodes the scheduler considered
 * @param reasons why nodes were rejected, each with how many nodes it applies to
 * @param filterPart the message up to the first sentence's end, e.g. {@code 0/2 nodes are
 *     available: 2 Insufficient cpu}
 * @param postFilter what follows, e.g. the preemption verdict; empty when nothing does
 */
record SchedulerMessage(
    int nodes, List<Reason> reasons, String filterPart, Optional<String> postFilter) {
  private static final Pattern HEAD =
      Pattern.compile("0/(\\d+) nodes are available: (.*)", Pattern.DOTALL);
  private static final Pattern COUNTED = Pattern.compile("(\\d+) (.+)", Pattern.DOTALL);
  private static final String NO_NODES = "no nodes available to schedule pods";

  /**
   * One reason with the number of nodes it was given for.
   *
   * @param nodes how many nodes
   * @param text the plugin's reason, e.g. {@code Insufficient cpu}
   */
  record Reason(int nodes, String text) {}

  SchedulerMessage {
    reasons = List.copyOf(reasons);
  }

  /** Reads {@code message}; empty when it is not the scheduler's "nodes are available" form. */
  static Optional<SchedulerMessage> parse(String message) {
    String m = message.trim();
    if (m.startsWith(NO_NODES)) {
      return Optional.of(
          new SchedulerMessage(0, List.of(new Reason(0, NO_NODES)), NO_NODES, Optional.empty()));
    }
    Matcher head = HEAD.matcher(m);
    if (!head.matches()) {
      return Optional.empty();
    }
    int nodes = Integer.parseInt(head.group(1));
    String body = head.group(2);
    int end = body.indexOf(". ");
    String first = end < 0 ? stripDot(body) : body.substring(0, end);
    String rest = end < 0 ? "" : body.substring(end + 2).trim();
    List<Reason> reasons = new ArrayList<>();
    for (String item : first.split(", ")) {
      Matcher counted = COUNTED.matcher(item.trim());
      if (counted.matches()) {
        reasons.add(new Reason(Integer.parseInt(counted.group(1)), counted.group(2).trim()));
      } else if (!item.isBlank()) {
        reasons.add(new Reason(nodes, item.trim()));
      }
    }
    String filterPart = "0/" + nodes + " nodes are available: " + first;
    return Optional.of(
        new SchedulerMessage(
            nodes, reasons, filterPart, rest.isEmpty() ? Optional.empty() : Optional.of(rest)));
  }

  private static String stripDot(String s) {
    String t = s.trim();
    return t.endsWith(".") ? t.substring(0, t.length() - 1) : t;
  }
}
