package dev.flowline.graph;

import dev.flowline.Catch;
import dev.flowline.FlowSpec;
import dev.flowline.Inputs;
import dev.flowline.Parameter;
import dev.flowline.Retry;
import dev.flowline.Step;
import dev.flowline.StepRef;
import dev.flowline.Timeout;
import java.util.List;

/** Invalid test flows, one (or more) per lint rule. Never run: only read. */
final class InvalidFlows {
  private InvalidFlows() {}

  static class ReservedAndBadNames extends FlowSpec {
    @Step
    void start() {
      next(this::cmd);
    }

    @Step
    void cmd() {
      next(this::Shout);
    }

    @Step
    void Shout() {
      next(this::_quiet);
    }

    @Step
    void _quiet() {
      next(this::end);
    }

    @Step
    void end() {}
  }

  static class NoStartNoEnd extends FlowSpec {
    @Step
    void begin() {
      next(this::finish);
    }

    @Step
    void finish() {}
  }

  static class StartWithIncoming extends FlowSpec {
    @Step
    void start() {
      next(this::a);
    }

    @Step
    void a() {
      next(this::start);
    }

    @Step
    void end() {}
  }

  static class EndWithTransition extends FlowSpec {
    @Step
    void start() {
      next(this::end);
    }

    @Step
    void end() {
      next(this::extra);
    }

    @Step
    void extra() {}
  }

  static class EndIsJoin extends FlowSpec {
    @Step
    void start() {
      next(this::a, this::b);
    }

    @Step
    void a() {
      next(this::end);
    }

    @Step
    void b() {
      next(this::end);
    }

    @Step
    void end(Inputs<EndIsJoin> inputs) {}
  }

  static class UnknownTarget extends FlowSpec {
    @Step
    void start() {
      next(this::helper);
    }

    void helper() {}

    @Step
    void end() {}
  }

  static class Cycle extends FlowSpec {
    @Step
    void start() {
      next(this::a);
    }

    @Step
    void a() {
      next(this::b);
    }

    @Step
    void b() {
      next(this::a);
    }

    @Step
    void end() {}
  }

  static class Unreachable extends FlowSpec {
    @Step
    void start() {
      next(this::end);
    }

    @Step
    void orphan() {
      next(this::end);
    }

    @Step
    void end() {}
  }

  static class JoinWithoutSplit extends FlowSpec {
    @Step
    void start() {
      next(this::join);
    }

    @Step
    void join(Inputs<JoinWithoutSplit> inputs) {
      next(this::end);
    }

    @Step
    void end() {}
  }

  static class SplitWithoutJoin extends FlowSpec {
    @Step
    void start() {
      next(this::a, this::b);
    }

    @Step
    void a() {
      next(this::end);
    }

    @Step
    void b() {
      next(this::end);
    }

    @Step
    void end() {}
  }

  static class MismatchedJoin extends FlowSpec {
    @Step
    void start() {
      next(this::a, this::b);
    }

    @Step
    void a() {
      next(this::join);
    }

    @Step
    void b() {
      next(this::end);
    }

    @Step
    void join(Inputs<MismatchedJoin> inputs) {
      next(this::end);
    }

    @Step
    void end() {}
  }

  static class UnrelatedSplits extends FlowSpec {
    @Step
    void start() {
      next(this::a, this::b);
    }

    @Step
    void a() {
      next(this::a1, this::a2);
    }

    @Step
    void a1() {
      next(this::join);
    }

    @Step
    void a2() {
      next(this::join);
    }

    @Step
    void b() {
      next(this::join);
    }

    @Step
    void join(Inputs<UnrelatedSplits> inputs) {
      next(this::end);
    }

    @Step
    void end() {}
  }

  static class JoinThatSplits extends FlowSpec {
    @Step
    void start() {
      next(this::a, this::b);
    }

    @Step
    void a() {
      next(this::join);
    }

    @Step
    void b() {
      next(this::join);
    }

    @Step
    void join(Inputs<JoinThatSplits> inputs) {
      next(this::c, this::d);
    }

    @Step
    void c() {
      next(this::join2);
    }

    @Step
    void d() {
      next(this::join2);
    }

    @Step
    void join2(Inputs<JoinThatSplits> inputs) {
      next(this::end);
    }

    @Step
    void end() {}
  }

  static class BadDecorators extends FlowSpec {
    List<String> items;

    @Retry(times = 9)
    @Catch(var = "failure")
    @Step
    void start() {
      foreach("items", this::body);
    }

    @Timeout
    @Step
    void body() {
      next(this::join);
    }

    @Timeout(minutes = -1)
    @Step
    void join(Inputs<BadDecorators> inputs) {
      next(this::end);
    }

    @Step
    void end() {}
  }

  static class BadSignatures extends FlowSpec {
    @Step
    void start() {
      next(this::a);
    }

    @Step
    void a() {
      next(this::end);
    }

    @Step
    void join(Inputs<BadSignatures> inputs, int extra) {
      next(this::end);
    }

    @Step
    String value() {
      next(this::end);
      return "x";
    }

    @Step
    void takesInt(int x) {
      next(this::end);
    }

    @Step
    static void helper() {}

    @Step
    void end() {}
  }

  static class BadTransitions extends FlowSpec {
    boolean flag;
    String field = "items";
    List<String> items;

    @Step
    void start() {
      if (flag) {
        next(this::a);
      } else {
        next(this::b);
      }
    }

    @Step
    void a() {
      next(() -> System.out.println("a lambda"));
    }

    @Step
    void b() {
      foreach(field, this::c);
    }

    @Step
    void c() {
      if (flag) {
        next(this::d);
      }
    }

    @Step
    void d() {
      StepRef target = this::end;
      next(target);
    }

    @Step
    void end() {}
  }

  static class BadParameters extends FlowSpec {
    @Parameter(name = "bad name")
    String a;

    @Parameter String with;

    @Parameter int alpha;

    @Parameter(name = "ALPHA")
    int beta;

    @Parameter(name = "max-workers")
    int workers;

    @Step
    void start() {
      next(this::end);
    }

    @Step
    void end() {}
  }

  static class StaticParameterAndOrphan extends FlowSpec {
    @Parameter static String shared;

    @Step
    void start() {
      next(this::end);
    }

    @Step
    void orphan() {
      next(this::end);
    }

    @Step
    void end() {}
  }
}
