package dev.flowline.argo.flows;

import dev.flowline.FlowSpec;
import dev.flowline.Inputs;
import dev.flowline.Step;
import java.util.List;

/**
 * A nested foreach with a branch inside the inner body: for each letter and each number, {@code
 * upper} and {@code lower} labels are joined, then the numbers, then the letters.
 */
public class NestedForeachFlow extends FlowSpec {
  List<String> letters;
  List<Integer> numbers;
  String letter;
  String label;
  List<String> labels;
  List<String> all;

  @Step
  void start() {
    letters = List.of("a", "b");
    foreach("letters", this::perLetter);
  }

  @Step
  void perLetter() {
    letter = input(String.class);
    numbers = List.of(1, 2, 3);
    foreach("numbers", this::perNumber);
  }

  @Step
  void perNumber() {
    label = letter + input(Integer.class);
    next(this::upper, this::lower);
  }

  @Step
  void upper() {
    label = label.toUpperCase();
    next(this::both);
  }

  @Step
  void lower() {
    label = label.toLowerCase();
    next(this::both);
  }

  @Step
  void both(Inputs<NestedForeachFlow> inputs) {
    label = String.join("/", inputs.map(f -> f.label));
    letter = inputs.get(0).letter;
    next(this::joinNumbers);
  }

  @Step
  void joinNumbers(Inputs<NestedForeachFlow> inputs) {
    labels = inputs.map(f -> f.label);
    letter = inputs.get(0).letter;
    next(this::joinLetters);
  }

  @Step
  void joinLetters(Inputs<NestedForeachFlow> inputs) {
    all = inputs.stream().flatMap(f -> f.labels.stream()).toList();
    next(this::end);
  }

  @Step
  void end() {
    System.out.println(all);
  }
}
