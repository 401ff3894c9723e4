package dev.flowline.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowline.GangNode;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GangEnvironmentTest {
  private final GangNode worker = new GangNode(4, 2, "flow-abc-control-0-0.flow-abc", 8080, "7");

  @Test
  void aNodeIsWrittenUnderMetaflowsNamesAndReadBack() {
    Map<String, String> env = GangEnvironment.of(worker);
    assertThat(env)
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "MF_PARALLEL_NUM_NODES", "4",
                "MF_WORLD_SIZE", "4",
                "MF_PARALLEL_NODE_INDEX", "2",
                "MF_PARALLEL_MAIN_IP", "flow-abc-control-0-0.flow-abc",
                "MF_MASTER_ADDR", "flow-abc-control-0-0.flow-abc",
                "MF_MASTER_PORT", "8080",
                "MF_PARALLEL_CONTROL_TASK_ID", "7"));
    assertThat(GangEnvironment.read(env, "train")).isEqualTo(worker);
  }

  @Test
  void aMissingOrBadVariableIsNamed() {
    assertThatThrownBy(() -> GangEnvironment.read(Map.of(), "train"))
        .hasMessage(
            "step 'train' is a @Parallel step but its environment has no MF_PARALLEL_NUM_NODES; a"
                + " gang node is started by the runtime (next(this::train, parallel(N))), which sets"
                + " it");
    var env = new java.util.HashMap<>(GangEnvironment.of(worker));
    env.put("MF_MASTER_PORT", "None");
    assertThatThrownBy(() -> GangEnvironment.read(env, "train"))
        .hasMessage("step 'train': MF_MASTER_PORT=\"None\" is not a whole number");
  }

  @Test
  void aWorkerWaitsUntilTheControlHostResolves() throws Exception {
    var tries = new ArrayList<String>();
    ControlHostWait.await(
        worker,
        Map.of("FLOWLINE_HOSTNAME_RESOLUTION_TIMEOUT", "600"),
        "train",
        host -> {
          tries.add(host);
          if (tries.size() < 3) {
            throw new UnknownHostException(host);
          }
        });
    assertThat(tries).hasSize(3).containsOnly("flow-abc-control-0-0.flow-abc");
  }

  @Test
  void aControlHostThatNeverResolvesFailsTheWorkerWithTheTimeout() {
    assertThatThrownBy(
            () ->
                ControlHostWait.await(
                    worker,
                    Map.of("FLOWLINE_HOSTNAME_RESOLUTION_TIMEOUT", "0"),
                    "train",
                    host -> {
                      throw new UnknownHostException(host + ": Name or service not known");
                    }))
        .hasMessage(
            "step 'train', node 2 of 4: the control node's host name"
                + " 'flow-abc-control-0-0.flow-abc' did not resolve within 0 s"
                + " (hostnameResolutionTimeout) (flow-abc-control-0-0.flow-abc: Name or service not"
                + " known); check that the control pod started and that the gang's headless Service"
                + " exists, or raise @Kubernetes(hostnameResolutionTimeout)");
  }

  @Test
  void theControlNodeAndNodesWithoutATimeoutDoNotWait() throws Exception {
    ControlHostWait.Resolver never =
        host -> {
          throw new AssertionError("resolved " + host);
        };
    ControlHostWait.await(
        new GangNode(4, 0, "x", 1, "7"),
        Map.of("FLOWLINE_HOSTNAME_RESOLUTION_TIMEOUT", "1"),
        "train",
        never);
    ControlHostWait.await(worker, Map.of(), "train", never);
  }
}
