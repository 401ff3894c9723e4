package dev.flowline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class CurrentParallelTest {
  @Test
  void aGangNodeKnowsItsPlace() {
    var node = new GangNode(4, 0, "127.0.0.1", 29500, "2");
    var current = new Current("F", "1", "train", "2", 0, List.of(), "alice", "local", node);
    assertThat(current.isParallel()).isTrue();
    assertThat(current.parallel()).isEqualTo(node);
    assertThat(current.parallel().isControl()).isTrue();
  }

  @Test
  void outsideAGangParallelSaysWhy() {
    var current = new Current("F", "1", "end", "9", 0, List.of(), "alice", "local");
    assertThat(current.isParallel()).isFalse();
    assertThatThrownBy(current::parallel)
        .hasMessage(
            "step 'end' called current().parallel() but it is not a @Parallel step started by"
                + " next(this::end, parallel(N)); check current().isParallel() first");
  }
}
