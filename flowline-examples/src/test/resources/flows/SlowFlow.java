import dev.flowline.FlowSpec;
import dev.flowline.Inputs;
import dev.flowline.Step;
import java.util.List;

/** A foreach whose tasks take a while, for the kill and interrupt tests (compiled from source by bin/flowline). */
public class SlowFlow extends FlowSpec {
  List<Integer> items;
  int square;
  List<Integer> squares;

  @Step
  void start() {
    items = List.of(1, 2, 3, 4, 5, 6, 7, 8);
    foreach("items", this::body);
  }

  @Step
  void body() throws InterruptedException {
    int item = input(Integer.class);
    square = item * item;
    System.out.println("square of " + item + " is " + square);
    Thread.sleep(Long.parseLong(System.getenv().getOrDefault("SLOW_FLOW_MILLIS", "700")));
    next(this::join);
  }

  @Step
  void join(Inputs<SlowFlow> inputs) {
    squares = inputs.map(f -> f.square);
    next(this::end);
  }

  @Step
  void end() {
    System.out.println("squares " + squares);
  }
}
