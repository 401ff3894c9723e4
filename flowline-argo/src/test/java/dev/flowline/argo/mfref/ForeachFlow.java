package dev.flowline.argo.mfref;

import dev.flowline.FlowSpec;
import dev.flowline.Inputs;
import dev.flowline.Step;
import java.util.List;

/**
 * Mirrors {@code nested_foreach.py}: start -foreach letters-> perLetter -foreach numbers->
 * perNumber -> joinNumbers -> joinLetters -> end.
 */
public class ForeachFlow extends FlowSpec {
  List<String> letters;
  String letter;
  List<Integer> numbers;
  String label;
  List<String> labels;
  List<String> all;

  @Step
  void start() {
    letters = List.of("a", "b", "c");
    foreach("letters", this::perLetter);
  }

  @Step
  void perLetter() {
    letter = input(String.class);
    numbers = List.of(1, 2);
    foreach("numbers", this::perNumber);
  }

  @Step
  void perNumber() {
    label = letter + input(Integer.class);
    next(this::joinNumbers);
  }

  @Step
  void joinNumbers(Inputs<ForeachFlow> inputs) {
    labels = inputs.map(f -> f.label);
    next(this::joinLetters);
  }

  @Step
  void joinLetters(Inputs<ForeachFlow> inputs) {
    all = inputs.stream().flatMap(f -> f.labels.stream()).toList();
    next(this::end);
  }

  @Step
  void end() {
    System.out.println(all);
  }
}
