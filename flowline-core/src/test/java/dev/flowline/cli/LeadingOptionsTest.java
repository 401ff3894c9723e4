package dev.flowline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowline.Flowline;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Metaflow's top-level options before the command: {@code F --with retry show}. */
class LeadingOptionsTest {
  @TempDir Path tmp;

  private record Result(int code, String out, String err) {}

  private Result flowline(String... args) {
    var out = new ByteArrayOutputStream();
    var err = new ByteArrayOutputStream();
    var all = new java.util.ArrayList<String>();
    all.add("dev.flowline.runtime.flows.LinearFlow");
    all.addAll(List.of(args));
    int code =
        Flowline.execute(
            all,
            Map.of(),
            tmp,
            getClass().getClassLoader(),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Result(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void withBeforeTheCommandIsTheCommandsOption() {
    var before = flowline("--with", "retry:times=2", "show");
    var after = flowline("show", "--with", "retry:times=2");
    assertThat(before.code()).as(before.err()).isZero();
    assertThat(before.out()).isEqualTo(after.out()).contains("retry");
    assertThat(flowline("--with=retry:times=2", "--quiet", "check", "--with", "catch").code())
        .isZero();
  }

  @Test
  void datastoreBeforeASubcommandGoesAfterTheSubcommand() {
    var r = flowline("--datastore", "local", "--datastore-root", "here", "tag", "list");
    assertThat(r.code()).isEqualTo(2);
    // parsed as tag list --datastore local --datastore-root here: the store is empty
    assertThat(r.err()).contains("has no runs").doesNotContain("unknown option");
  }

  @Test
  void anOptionTheCommandDoesNotTakeIsNamedWithTheCommandsThatTakeIt() {
    var r = flowline("--with", "retry", "dump", "1/start");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err())
        .isEqualTo(
            "'dev.flowline.runtime.flows.LinearFlow dump' does not take --with (given before the"
                + " command); --with is an option of run, resume, show, check. Remove it.\n");
  }

  @Test
  void quietIsDroppedForCommandsWithoutProgress() {
    var r = flowline("--quiet", "show");
    assertThat(r.code()).as(r.err()).isZero();
  }

  @Test
  void anUnknownOptionBeforeTheCommandSaysWhereOptionsGo() {
    var r = flowline("--max-workers", "4", "run");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err())
        .isEqualTo(
            "'dev.flowline.runtime.flows.LinearFlow': unknown option '--max-workers' before the"
                + " command. Before the command go Metaflow's top-level options --with,"
                + " --datastore, --datastore-root, --quiet; a command's own options go after it,"
                + " e.g. 'bin/flowline dev.flowline.runtime.flows.LinearFlow run --max-workers"
                + " ...'.\n");
  }

  @Test
  void optionsWithoutACommandAskForOne() {
    var r = flowline("--datastore", "local");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err())
        .contains("missing command after the options")
        .contains("--datastore local run");
    assertThat(flowline("--datastore").err()).contains("option '--datastore' needs a value");
  }
}
