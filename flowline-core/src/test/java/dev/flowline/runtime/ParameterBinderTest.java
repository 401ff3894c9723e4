package dev.flowline.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowline.graph.GraphReader;
import dev.flowline.runtime.flows.ParamsFlow;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ParameterBinderTest {
  private final ParameterBinder binder =
      new ParameterBinder(
          new GraphReader().read(ParamsFlow.class).parameters(), new FlowFields(ParamsFlow.class));

  @Test
  void defaultsComeFromFieldInitializers() {
    Map<String, Object> values = binder.bind(Map.of("name", "n"), Map.of());
    assertThat(values)
        .containsEntry("name", "n")
        .containsEntry("count", 3)
        .containsEntry("big", 7L)
        .containsEntry("ratio", 0.5)
        .containsEntry("flag", false)
        .containsEntry("config", new ParamsFlow.Config("fast", List.of(1)));
  }

  @Test
  void valuesAreConvertedToTheFieldTypes() {
    Map<String, Object> values =
        binder.bind(
            Map.of(
                "name",
                "n",
                "count",
                "12",
                "big",
                "9000000000",
                "ratio",
                "0.25",
                "flag",
                "TRUE",
                "config",
                "{\"mode\":\"slow\",\"sizes\":[3,4]}"),
            Map.of());
    assertThat(values)
        .containsEntry("count", 12)
        .containsEntry("big", 9_000_000_000L)
        .containsEntry("ratio", 0.25)
        .containsEntry("flag", true)
        .containsEntry("config", new ParamsFlow.Config("slow", List.of(3, 4)));
  }

  @Test
  void theEnvironmentFillsWhatTheCommandLineLeavesOut() {
    Map<String, Object> values =
        binder.bind(
            Map.of("count", "5"), Map.of("METAFLOW_RUN_NAME", "env", "METAFLOW_RUN_COUNT", "6"));
    assertThat(values).containsEntry("name", "env").containsEntry("count", 5);
  }

  @Test
  void anEmptyEnvironmentVariableCountsAsNotSet() {
    assertThatThrownBy(() -> binder.bind(Map.of(), Map.of("METAFLOW_RUN_NAME", "")))
        .isInstanceOf(InvalidRunException.class)
        .hasMessageContaining("parameter --name is required but was not given");
    assertThat(binder.bind(Map.of("name", "n"), Map.of("METAFLOW_RUN_COUNT", "")))
        .containsEntry("count", 3);
  }

  @Test
  void everyProblemIsReportedAtOnce() {
    assertThatThrownBy(
            () -> binder.bind(Map.of("count", "many", "bogus", "1", "flag", "yes"), Map.of()))
        .isInstanceOf(InvalidRunException.class)
        .hasMessage(
            String.join(
                "\n",
                "unknown parameter --bogus (value \"1\"): ParamsFlow has parameters --name, --count, --big,"
                    + " --ratio, --flag, --config. Remove it or fix its name.",
                "parameter --name is required but was not given (input name). Pass --name text or set"
                    + " METAFLOW_RUN_NAME.",
                "parameter --count: value \"many\" is not an int (a whole number from -2147483648 to"
                    + " 2147483647). Give e.g. --count 3.",
                "parameter --flag: value \"yes\" is not a boolean (true or false). Give e.g. --flag true."));
  }

  @Test
  void badJsonNamesTheTypeAndTheFix() {
    assertThatThrownBy(() -> binder.bind(Map.of("name", "n", "config", "{mode"), Map.of()))
        .hasMessageStartingWith(
            "parameter --config: value \"{mode\" is not valid JSON for Config (")
        .hasMessageEndingWith("Give e.g. --config '{...}' (JSON for Config).");
  }

  @Test
  void anEnvironmentValueIsNamedByItsVariable() {
    assertThatThrownBy(() -> binder.bind(Map.of("name", "n"), Map.of("METAFLOW_RUN_RATIO", "half")))
        .hasMessageStartingWith("parameter METAFLOW_RUN_RATIO: value \"half\" is not a double");
  }

  /** Fields of the types {@link ParameterBinder#convert} handles without JSON. */
  static final class Typed {
    enum Mode {
      FAST,
      SLOW
    }

    Mode mode;
    float rate;
    double ratio;
  }

  @Test
  void enumsAreGivenByConstantNameAndFloatsAndDoublesMustFit() throws Exception {
    var mode = Typed.class.getDeclaredField("mode");
    var rate = Typed.class.getDeclaredField("rate");
    var ratio = Typed.class.getDeclaredField("ratio");
    assertThat(ParameterBinder.convert(mode, "SLOW")).isEqualTo(Typed.Mode.SLOW);
    assertThat(ParameterBinder.convert(mode, "fast")).isEqualTo(Typed.Mode.FAST);
    assertThatThrownBy(() -> ParameterBinder.convert(mode, "medium"))
        .hasMessage("is not one of [FAST, SLOW] (the constants of Mode)");
    assertThat(ParameterBinder.convert(rate, "2.5")).isEqualTo(2.5f);
    assertThatThrownBy(() -> ParameterBinder.convert(rate, "1e39"))
        .hasMessage("is too large for a float (at most about 3.4e38)");
    assertThatThrownBy(() -> ParameterBinder.convert(ratio, "1e400"))
        .hasMessage("is too large for a double (at most about 1.8e308)");
    assertThat(ParameterBinder.convert(ratio, "Infinity")).isEqualTo(Double.POSITIVE_INFINITY);
  }
}
