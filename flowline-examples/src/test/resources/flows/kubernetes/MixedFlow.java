import dev.flowline.FlowSpec;
import dev.flowline.Inputs;
import dev.flowline.Step;
import dev.flowline.kubernetes.Kubernetes;
import java.util.List;

/** start runs here, each item of the foreach 'train' as a Job, the join here again. */
public class MixedFlow extends FlowSpec {
  List<Integer> items;
  int square;
  String trainedOn;
  List<Integer> squares;
  List<String> executors;
  String joinedOn;

  @Step
  void start() {
    items = List.of(1, 2, 3);
    foreach("items", this::train);
  }

  @Kubernetes(cpu = "0.5", memory = 768)
  @Step
  void train() {
    int item = input(Integer.class);
    square = item * item;
    trainedOn = current().executor();
    System.out.println("square of " + item + " is " + square + " in pod "
        + System.getenv("METAFLOW_KUBERNETES_POD_NAME"));
    next(this::join);
  }

  @Step
  void join(Inputs<MixedFlow> inputs) {
    squares = inputs.map(f -> f.square);
    executors = inputs.map(f -> f.trainedOn);
    joinedOn = current().executor();
    next(this::end);
  }

  @Step
  void end() {
    System.out.println("squares " + squares + " trained on " + executors + " joined " + joinedOn);
  }
}
