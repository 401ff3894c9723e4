package dev.flowline.argo.mfref;

import dev.flowline.FlowSpec;
import dev.flowline.Inputs;
import dev.flowline.Step;
import java.util.List;

/** Mirrors {@code foreach.py}: start -foreach letters-> perLetter -> join -> end. */
public class SimpleForeachFlow extends FlowSpec {
  List<String> letters;
  String letter;
  List<String> all;

  @Step
  void start() {
    letters = List.of("a", "b", "c");
    foreach("letters", this::perLetter);
  }

  @Step
  void perLetter() {
    letter = input(String.class);
    next(this::join);
  }

  @Step
  void join(Inputs<SimpleForeachFlow> inputs) {
    all = inputs.map(f -> f.letter);
    next(this::end);
  }

  @Step
  void end() {
    System.out.println(all);
  }
}
