package dev.flowline.argo.flows;

import dev.flowline.FlowSpec;
import dev.flowline.Inputs;
import dev.flowline.Parallel;
import dev.flowline.Step;
import java.util.List;

/** start -> foreach shard in shards: split -> gang of 2 of train -> gather -> join -> end. */
public class GangInForeachFlow extends FlowSpec {
  List<String> shards;
  int node;
  int nodes;

  @Step
  void start() {
    shards = List.of("a", "b");
    foreach("shards", this::split);
  }

  @Step
  void split() {
    next(this::train, parallel(2));
  }

  @Parallel
  @Step
  void train() {
    node = current().parallel().nodeIndex();
    next(this::gather);
  }

  @Step
  void gather(Inputs<GangInForeachFlow> inputs) {
    nodes = inputs.size();
    next(this::join);
  }

  @Step
  void join(Inputs<GangInForeachFlow> inputs) {
    next(this::end);
  }

  @Step
  void end() {}
}
