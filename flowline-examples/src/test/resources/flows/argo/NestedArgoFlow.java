import dev.flowline.FlowSpec;
import dev.flowline.Inputs;
import dev.flowline.Step;
import java.util.List;

/** A nested foreach with a branch inside the inner body. */
public class NestedArgoFlow extends FlowSpec {
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
    numbers = List.of(1, 2);
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
    label = label.toLowerCase() + "!";
    next(this::both);
  }

  @Step
  void both(Inputs<NestedArgoFlow> inputs) {
    label = String.join("/", inputs.map(f -> f.label).stream().sorted().toList());
    letter = inputs.get(0).letter;
    next(this::joinNumbers);
  }

  @Step
  void joinNumbers(Inputs<NestedArgoFlow> inputs) {
    labels = inputs.map(f -> f.label);
    next(this::joinLetters);
  }

  @Step
  void joinLetters(Inputs<NestedArgoFlow> inputs) {
    all = inputs.stream().flatMap(f -> f.labels.stream()).toList();
    next(this::end);
  }

  @Step
  void end() {
    System.out.println("all " + all);
  }
}
