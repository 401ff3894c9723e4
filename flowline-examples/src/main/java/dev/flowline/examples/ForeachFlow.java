package dev.flowline.examples;

import dev.flowline.FlowSpec;
import dev.flowline.Inputs;
import dev.flowline.Step;
import java.util.List;

/**
 * A nested foreach with a join at each level: for each letter of {@code [a, b, c]} and each number
 * of {@code [1, 2]}, builds a label ({@code a1}...); {@code joinNumbers} gathers one letter's
 * labels and {@code joinLetters} all of them: {@code [a1, a2, b1, b2, c1, c2]}.
 */
public class ForeachFlow extends FlowSpec {
  List<String> letters;
  List<Integer> numbers;
  String letter;
  int number;
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
    number = input(Integer.class);
    label = letter + number;
    next(this::joinNumbers);
  }

  @Step
  void joinNumbers(Inputs<ForeachFlow> inputs) {
    labels = inputs.map(f -> f.label);
    letter = inputs.get(0).letter;
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
