package dev.flowline.kubernetes.preflight;

import dev.flowline.config.Problem;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a preflight found, in the order found. The same finding for several steps (a namespace or a
 * Secret they share) is one problem that names all of them.
 */
final class Findings {
  private record Key(String object, String value, String rule, String fix) {}

  private final Map<Key, Set<String>> problems = new LinkedHashMap<>();
  private final Set<String> notes = new LinkedHashSet<>();

  /**
   * Step {@code step} has a problem with {@code object} (e.g. {@code secret}) named {@code value}:
   * {@code rule} says what is wrong, {@code fix} what to do.
   */
  void problem(String step, String object, String value, String rule, String fix) {
    problems
        .computeIfAbsent(new Key(object, value, rule, fix), k -> new LinkedHashSet<>())
        .add(step);
  }

  /** Something the user should know that does not stop a run (a check skipped, a late binding). */
  void note(String text) {
    notes.add(text);
  }

  /** Every problem, each naming its steps. */
  List<Problem> problems() {
    List<Problem> out = new ArrayList<>();
    problems.forEach(
        (k, steps) ->
            out.add(new Problem(subject(steps) + ": " + k.object(), k.value(), k.rule(), k.fix())));
    return out;
  }

  /** Every note, once. */
  List<String> notes() {
    return List.copyOf(notes);
  }

  /** {@code step 'a'} or {@code steps 'a', 'b'}. */
  static String subject(Set<String> steps) {
    return (steps.size() == 1 ? "step " : "steps ")
        + steps.stream().map(s -> "'" + s + "'").collect(Collectors.joining(", "));
  }
}
