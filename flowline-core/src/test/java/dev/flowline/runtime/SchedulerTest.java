package dev.flowline.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowline.graph.GraphReader;
import dev.flowline.model.FlowModel;
import dev.flowline.runtime.Scheduler.ReadyTask;
import dev.flowline.runtime.flows.ShapesFlow;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SchedulerTest {
  private final FlowModel model = new GraphReader().read(ShapesFlow.class);

  /** Runs the whole flow in FIFO order, each foreach yielding as many items as its field holds. */
  private List<String> runAll(Scheduler scheduler) {
    var order = new ArrayList<String>();
    var queue = new ArrayDeque<ReadyTask>(List.of(scheduler.start()));
    int id = 0;
    while (!queue.isEmpty()) {
      ReadyTask t = queue.poll();
      String path = "r/" + t.step() + "/" + (++id);
      order.add(t.pathIndex() + "<-" + t.inputPaths().size());
      int splits = t.step().equals("start") ? 2 : t.step().equals("perOuter") ? 3 : 0;
      queue.addAll(scheduler.succeeded(t, path, splits));
    }
    return order;
  }

  @Test
  void startHasNoInputs() {
    ReadyTask start = new Scheduler(model, 100).start();
    assertThat(start.step()).isEqualTo("start");
    assertThat(start.inputPaths()).isEmpty();
    assertThat(start.splitIndex()).isEmpty();
  }

  @Test
  void foreachYieldsOneTaskPerItemWithItsIndex() {
    var scheduler = new Scheduler(model, 100);
    var children = scheduler.succeeded(scheduler.start(), "r/start/1", 2);
    assertThat(children).extracting(ReadyTask::step).containsExactly("perOuter", "perOuter");
    assertThat(children)
        .extracting(ReadyTask::splitIndex)
        .containsExactly(Optional.of(0), Optional.of(1));
    assertThat(children).allSatisfy(c -> assertThat(c.inputPaths()).containsExactly("r/start/1"));
  }

  @Test
  void joinsWaitForEveryInputAndListThemInSplitOrder() {
    var scheduler = new Scheduler(model, 100);
    var outer = scheduler.succeeded(scheduler.start(), "r/start/1", 1);
    var inner = scheduler.succeeded(outer.get(0), "r/perOuter/2", 2);
    var branches0 = scheduler.succeeded(inner.get(0), "r/perInner/3", 0);
    var branches1 = scheduler.succeeded(inner.get(1), "r/perInner/4", 0);
    assertThat(branches0).extracting(ReadyTask::step).containsExactly("left", "right");
    // the right branch of item 0 finishes before its left branch
    assertThat(scheduler.succeeded(branches0.get(1), "r/right/6", 0)).isEmpty();
    assertThat(scheduler.succeeded(branches1.get(0), "r/left/7", 0)).isEmpty();
    var both0 = scheduler.succeeded(branches0.get(0), "r/left/5", 0);
    assertThat(both0).hasSize(1);
    assertThat(both0.get(0).step()).isEqualTo("both");
    assertThat(both0.get(0).inputPaths()).containsExactly("r/left/5", "r/right/6");
    var both1 = scheduler.succeeded(branches1.get(1), "r/right/8", 0);
    // item 1 finishes first: the inner join still waits for item 0's branch join
    assertThat(scheduler.succeeded(both1.get(0), "r/both/10", 0)).isEmpty();
    var innerJoin = scheduler.succeeded(both0.get(0), "r/both/9", 0);
    assertThat(innerJoin).extracting(ReadyTask::step).containsExactly("innerJoin");
    assertThat(innerJoin.get(0).inputPaths()).containsExactly("r/both/9", "r/both/10");
    var outerJoin = scheduler.succeeded(innerJoin.get(0), "r/innerJoin/11", 0);
    assertThat(outerJoin).extracting(ReadyTask::step).containsExactly("outerJoin");
    var end = scheduler.succeeded(outerJoin.get(0), "r/outerJoin/12", 0);
    assertThat(end).extracting(ReadyTask::step).containsExactly("end");
    assertThat(scheduler.finished()).isFalse();
    assertThat(scheduler.succeeded(end.get(0), "r/end/13", 0)).isEmpty();
    assertThat(scheduler.finished()).isTrue();
  }

  @Test
  void wholeRunVisitsEveryTaskOnceInFifoOrder() {
    List<String> order = runAll(new Scheduler(model, 100));
    // 1 start + 2 perOuter + 6 perInner + 12 branches + 6 both + 2 innerJoin + 1 outerJoin + 1 end
    assertThat(order).hasSize(31);
    assertThat(order.get(0)).isEqualTo("start[]<-0");
    assertThat(order)
        .filteredOn(s -> s.startsWith("both["))
        .hasSize(6)
        .allMatch(s -> s.endsWith("<-2"));
    assertThat(order)
        .filteredOn(s -> s.startsWith("innerJoin["))
        .containsExactly("innerJoin[0]<-3", "innerJoin[1]<-3");
    assertThat(order.get(order.size() - 2)).isEqualTo("outerJoin[]<-2");
    assertThat(order.get(order.size() - 1)).isEqualTo("end[]<-1");
  }

  @Test
  void pathIndexNamesTheForeachPosition() {
    var scheduler = new Scheduler(model, 100);
    var outer = scheduler.succeeded(scheduler.start(), "r/start/1", 2);
    var inner = scheduler.succeeded(outer.get(1), "r/perOuter/3", 3);
    assertThat(inner.get(2).pathIndex()).isEqualTo("perInner[1,2]");
  }

  @Test
  void aForeachWiderThanTheMaximumFailsWithTheFix() {
    var scheduler = new Scheduler(model, 1);
    assertThatThrownBy(() -> scheduler.succeeded(scheduler.start(), "r/start/1", 2))
        .hasMessage(
            "Foreach in step 'start' over field 'outer' yielded 2 child steps, more than the current maximum"
                + " of 1. Raise the maximum with --max-num-splits 2.");
  }

  @Test
  void anEmptyForeachFailsNamingTheField() {
    var scheduler = new Scheduler(model, 10);
    assertThatThrownBy(() -> scheduler.succeeded(scheduler.start(), "r/start/1", 0))
        .hasMessageContaining("over field 'outer' has no items");
  }
}
