package dev.flowline.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowline.FlowSpec;
import dev.flowline.Inputs;
import dev.flowline.Parallel;
import dev.flowline.Step;
import dev.flowline.graph.GraphReader;
import dev.flowline.runtime.Scheduler.ReadyTask;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A gang is scheduled as a foreach of fixed width whose join waits for every node. */
class SchedulerGangTest {
  public static class GangFlow extends FlowSpec {
    @Step
    void start() {
      next(this::train, parallel(3));
    }

    @Parallel
    @Step
    void train() {
      next(this::join);
    }

    @Step
    void join(Inputs<GangFlow> inputs) {
      next(this::end);
    }

    @Step
    void end() {}
  }

  private final Scheduler scheduler = new Scheduler(new GraphReader().read(GangFlow.class), 100);

  @Test
  void theGangsNodesAreReadyTogetherAndTheJoinWaitsForAll() {
    List<ReadyTask> nodes = scheduler.succeeded(scheduler.start(), "r/start/1", 3);
    assertThat(nodes).extracting(ReadyTask::step).containsOnly("train").hasSize(3);
    assertThat(nodes)
        .extracting(ReadyTask::splitIndex)
        .containsExactly(Optional.of(0), Optional.of(1), Optional.of(2));
    assertThat(nodes).extracting(t -> t.stack().get(0).splitPath()).containsOnly("r/start/1");
    var joins = new ArrayList<ReadyTask>();
    for (int i = 2; i >= 0; i--) {
      joins.addAll(scheduler.succeeded(nodes.get(i), "r/train/" + (2 + i), 0));
    }
    assertThat(joins).hasSize(1);
    assertThat(joins.get(0).inputPaths()).containsExactly("r/train/2", "r/train/3", "r/train/4");
  }

  @Test
  void aGangWiderThanMaxNumSplitsSaysHowToRaiseIt() {
    var narrow = new Scheduler(new GraphReader().read(GangFlow.class), 2);
    assertThatThrownBy(() -> narrow.succeeded(narrow.start(), "r/start/1", 3))
        .hasMessage(
            "The gang started in step 'start' has 3 nodes, more than the current maximum of 2"
                + " tasks of one split. Raise the maximum with --max-num-splits 3.");
  }
}
