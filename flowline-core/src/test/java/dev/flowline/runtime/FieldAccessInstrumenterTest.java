package dev.flowline.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowline.Current;
import dev.flowline.FlowSpec;
import dev.flowline.Inputs;
import dev.flowline.internal.Bindings;
import dev.flowline.internal.FieldAccess;
import dev.flowline.internal.TaskBinding;
import dev.flowline.runtime.flows.AccessFlow;
import dev.flowline.runtime.flows.LinearFlow;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FieldAccessInstrumenterTest {
  /** Records the hooks' calls. */
  static final class Recorder implements TaskBinding {
    final List<String> assigned = new ArrayList<>();
    final List<String> read = new ArrayList<>();

    @Override
    public synchronized void fieldAssigned(String field) {
      assigned.add(field);
    }

    @Override
    public synchronized void fieldRead(String field) {
      read.add(field);
    }

    @Override
    public void transition(List<String> targets, String foreachField) {}

    @Override
    public Object input() {
      return null;
    }

    @Override
    public int index() {
      return -1;
    }

    @Override
    public Current current() {
      return null;
    }

    @Override
    public void mergeArtifacts(
        FlowSpec flow, Inputs<?> inputs, Set<String> names, boolean include) {}
  }

  private static FlowSpec bound(Recorder recorder) throws Exception {
    Class<? extends FlowSpec> type = TrackedFlows.load(AccessFlow.class);
    FlowSpec flow = type.getDeclaredConstructor().newInstance();
    Bindings.bind(flow, recorder);
    return flow;
  }

  private static Object call(FlowSpec flow, String method, Object... args) throws Exception {
    for (var m : flow.getClass().getMethods()) {
      if (m.getName().equals(method)) {
        return m.invoke(flow, args);
      }
    }
    throw new AssertionError("no method " + method);
  }

  @Test
  void initializersAreNotAssignmentsAndFlowClassesAreMarked() throws Exception {
    var recorder = new Recorder();
    FlowSpec flow = bound(recorder);
    assertThat(recorder.assigned).isEmpty();
    assertThat(FieldAccess.isTracked(flow.getClass())).isTrue();
    assertThat(FieldAccess.isTracked(AccessFlow.class)).isFalse();
    assertThat(new FlowFields(flow.getClass()).names())
        .containsExactly("text", "big", "ratio", "count", "flag");
  }

  @Test
  void wideValuesAreAssignedAndStoredCorrectly() throws Exception {
    var recorder = new Recorder();
    FlowSpec flow = bound(recorder);
    call(flow, "assignWide");
    assertThat(recorder.assigned).containsExactly("big", "ratio");
    assertThat(new FlowFields(flow.getClass()).get(flow, "big")).isEqualTo(7L);
    assertThat(new FlowFields(flow.getClass()).get(flow, "ratio")).isEqualTo(2.5);
    assertThat(call(flow, "readWide")).isEqualTo(9L);
    assertThat(recorder.read).as("reads are checked only while a task guards them").isEmpty();
    try (var guard = FieldAccess.openReadGuard()) {
      assertThat(call(flow, "readWide")).isEqualTo(9L);
    }
    assertThat(recorder.read).containsExactly("big", "ratio");
    call(flow, "readWide");
    assertThat(recorder.read).hasSize(2);
  }

  @Test
  void anAssignmentThatDoesNotRunIsNotRecorded() throws Exception {
    var recorder = new Recorder();
    FlowSpec flow = bound(recorder);
    call(flow, "assignNothingWhen", false);
    assertThat(recorder.assigned).isEmpty();
    call(flow, "assignNothingWhen", true);
    assertThat(recorder.assigned).containsExactly("count");
  }

  @Test
  void lambdasOtherClassesAndOtherThreadsAreSeen() throws Exception {
    var recorder = new Recorder();
    FlowSpec flow = bound(recorder);
    call(flow, "assignThroughHelperAndLambda");
    call(flow, "assignFromAnotherThread");
    assertThat(recorder.assigned).containsExactly("flag", "text", "count");
    assertThat(new FlowFields(flow.getClass()).get(flow, "text")).isEqualTo("from-helper");
  }

  @Test
  void anUnboundFlowObjectRunsUnchanged() throws Exception {
    Class<? extends FlowSpec> type = TrackedFlows.load(AccessFlow.class);
    FlowSpec flow = type.getDeclaredConstructor().newInstance();
    call(flow, "assignWide");
    assertThat(call(flow, "readWide")).isEqualTo(9L);
  }

  @Test
  void classesThatTouchNoFlowFieldAreLeftAsTheyAre() throws Exception {
    var instrumenter = new FieldAccessInstrumenter(FieldAccessInstrumenterTest::bytes);
    byte[] original = bytes(Recorder.class.getName().replace('.', '/'));
    assertThat(instrumenter.instrument(original)).isSameAs(original);
    assertThat(instrumenter.isFlowClass("java/lang/String")).isFalse();
    assertThat(instrumenter.isFlowClass(Recorder.class.getName().replace('.', '/'))).isFalse();
    assertThat(instrumenter.isFlowClass(LinearFlow.class.getName().replace('.', '/'))).isTrue();
  }

  private static byte[] bytes(String internalName) {
    try (var in =
        FieldAccessInstrumenterTest.class.getResourceAsStream("/" + internalName + ".class")) {
      return in == null ? null : in.readAllBytes();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
