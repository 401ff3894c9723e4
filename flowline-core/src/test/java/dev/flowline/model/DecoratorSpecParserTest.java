package dev.flowline.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowline.StepDecorator;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DecoratorSpecParserTest {
  /** Like {@code @Kubernetes}: strings, numbers, lists and nested objects. */
  @StepDecorator(name = "kube")
  @Retention(RetentionPolicy.RUNTIME)
  @interface Kube {
    @interface Toleration {
      String key();

      String operator() default "Equal";
    }

    String cpu() default "1";

    int memory() default 4096;

    double ratio() default 1.0;

    boolean secure() default true;

    long big() default 0;

    String[] secrets() default {};

    Toleration[] tolerations() default {};

    String labels() default "";
  }

  /** Registered in the test class path only through the registry built here. */
  static final class KubeType extends AnnotationDecoratorType {
    KubeType() {
      super(Kube.class);
    }
  }

  private final DecoratorRegistry registry =
      DecoratorRegistry.of(
          List.of(
              new KubeType(),
              new dev.flowline.model.builtin.RetryDecoratorType(),
              new dev.flowline.model.builtin.CatchDecoratorType(),
              new dev.flowline.model.builtin.EnvironmentDecoratorType()));
  private final DecoratorSpecParser parser = new DecoratorSpecParser(registry);

  private static DecoratorSpec withSpec(String name, Map<String, Object> attributes) {
    return new DecoratorSpec(name, attributes, DecoratorSpec.Origin.COMMAND_LINE);
  }

  @Test
  void nameAlone() {
    assertThat(parser.parse("retry")).isEqualTo(withSpec("retry", Map.of()));
  }

  @Test
  void attributesAreConvertedToTheMemberType() {
    assertThat(parser.parse("retry:times=2,minutesBetweenRetries=0"))
        .isEqualTo(withSpec("retry", Map.of("times", 2, "minutesBetweenRetries", 0)));
    assertThat(
            parser
                .parse("kube:cpu=2,memory=8192,ratio=0.5,secure=false,big=10000000000")
                .attributes())
        .containsExactly(
            Map.entry("cpu", "2"),
            Map.entry("memory", 8192),
            Map.entry("ratio", 0.5),
            Map.entry("secure", false),
            Map.entry("big", 10000000000L));
  }

  @Test
  void nestedJsonValuesKeepTheirCommas() {
    DecoratorSpec spec =
        parser.parse(
            "kube:tolerations=[{\"key\":\"a\",\"operator\":\"Exists\"},{\"key\":\"b\"}],cpu=2,"
                + "labels={\"team\":\"a,b\"},secrets=[\"s1\",\"s2\"]");
    assertThat(spec.attributes())
        .containsExactly(
            Map.entry(
                "tolerations",
                List.of(Map.of("key", "a", "operator", "Exists"), Map.of("key", "b"))),
            Map.entry("cpu", "2"),
            Map.entry("labels", "{\"team\":\"a,b\"}"),
            Map.entry("secrets", List.of("s1", "s2")));
  }

  @Test
  void quotedStringsAndSingleArrayElements() {
    assertThat(parser.parse("kube:cpu=\"1,5\",secrets=only").attributes())
        .containsExactly(Map.entry("cpu", "1,5"), Map.entry("secrets", List.of("only")));
  }

  @Test
  void unknownDecoratorListsTheKnownOnes() {
    assertThatThrownBy(() -> parser.parse("kubernetes:cpu=2"))
        .isInstanceOf(DecoratorSpecException.class)
        .hasMessage(
            "--with kubernetes:cpu=2: unknown decorator 'kubernetes'; known decorators are [catch,"
                + " environment, kube, retry]. Use one of them, or add the module that provides 'kubernetes' to the class path.");
  }

  @Test
  void unknownAttributeListsTheValidOnes() {
    assertThatThrownBy(() -> parser.parse("retry:tmes=2"))
        .hasMessage(
            "--with retry:tmes=2: decorator 'retry' has no attribute 'tmes'; valid attributes are"
                + " [minutesBetweenRetries, times].");
  }

  @Test
  void badValueSaysWhatTheAttributeExpects() {
    assertThatThrownBy(() -> parser.parse("retry:times=two"))
        .hasMessage(
            "--with retry:times=two: attribute 'times' of 'retry' expects a whole number, e.g. 3, got \"two\"."
                + " Fix the value after 'times='.");
    assertThatThrownBy(() -> parser.parse("kube:secure=yes"))
        .hasMessage(
            "--with kube:secure=yes: attribute 'secure' of 'kube' expects true or false, got \"yes\". Fix the"
                + " value after 'secure='.");
    assertThatThrownBy(() -> parser.parse("kube:tolerations=[{\"value\":\"x\"}]"))
        .hasMessage(
            "--with kube:tolerations=[{\"value\":\"x\"}]: attribute 'tolerations' of 'kube' has no key 'value'"
                + " in its objects; valid keys are [key, operator]. Fix the value after 'tolerations='.");
  }

  @Test
  void malformedSpecs() {
    assertThatThrownBy(() -> parser.parse("retry:times"))
        .hasMessage(
            "--with retry:times: malformed attribute 'times'; write key=value pairs separated by commas,"
                + " e.g. --with retry:minutesBetweenRetries=VALUE.");
    assertThatThrownBy(() -> parser.parse("retry:"))
        .hasMessage(
            "--with retry:: nothing follows ':'; write key=value pairs separated by commas, e.g. --with"
                + " retry:minutesBetweenRetries=VALUE, or drop the ':'.");
    assertThatThrownBy(() -> parser.parse("Retry"))
        .hasMessage(
            "--with Retry: malformed decorator name 'Retry' (a lower-case name such as retry is expected);"
                + " write NAME or NAME:key=value,key=value, e.g. --with retry:times=2.");
    assertThatThrownBy(() -> parser.parse("kube:secrets=[\"a\""))
        .hasMessage(
            "--with kube:secrets=[\"a\": unclosed bracket in 'secrets=[\"a\"' (missing ']'); close the value.");
    assertThatThrownBy(() -> parser.parse("kube:secrets=\"a"))
        .hasMessage(
            "--with kube:secrets=\"a: unclosed quote \" in 'secrets=\"a'; close the quoted value.");
    assertThatThrownBy(() -> parser.parse("kube:secrets=a]"))
        .hasMessage(
            "--with kube:secrets=a]: unbalanced ']' at position 10 of 'secrets=a]'; check the brackets of the"
                + " value.");
    assertThatThrownBy(() -> parser.parse("retry:times=1,times=2"))
        .hasMessage(
            "--with retry:times=1,times=2: attribute 'times' is given twice; give it once.");
  }

  @Test
  void everyProblemOfEverySpecIsReported() {
    assertThatThrownBy(
            () -> parser.parseAll(List.of("retry:times=x,foo=1", "nope", "catch:var=failure")))
        .isInstanceOf(DecoratorSpecException.class)
        .satisfies(
            e ->
                assertThat(((DecoratorSpecException) e).problems())
                    .containsExactly(
                        "--with retry:times=x,foo=1: attribute 'times' of 'retry' expects a whole number,"
                            + " e.g. 3, got \"x\". Fix the value after 'times='.",
                        "--with retry:times=x,foo=1: decorator 'retry' has no attribute 'foo'; valid"
                            + " attributes are [minutesBetweenRetries, times].",
                        "--with nope: unknown decorator 'nope'; known decorators are [catch, environment, kube,"
                            + " retry]. Use one of them, or add the module that provides 'nope' to the class path."))
        .hasMessageStartingWith("3 problems with --with:\n  --with retry:times=x,foo=1: ");
  }

  @Test
  void environmentVarsTakeMetaflowsJsonObjectForm() {
    assertThat(parser.parse("environment:vars={\"A\":\"1\",\"B\":2}").attributes())
        .containsExactly(Map.entry("vars", List.of("A=1", "B=2")));
    assertThat(parser.parse("environment:vars=[\"A=1\"]").attributes())
        .containsExactly(Map.entry("vars", List.of("A=1")));
  }

  @Test
  void metaflowSnakeCaseAttributeNames() {
    assertThat(parser.parse("retry:minutes_between_retries=1,times=2").attributes())
        .containsExactly(Map.entry("minutesBetweenRetries", 1), Map.entry("times", 2));
  }

  @Test
  void jsonObjectsInAStringArrayStayJsonText() {
    assertThat(parser.parse("kube:secrets=[{\"key\":\"a\"},\"b\"]").attributes())
        .containsExactly(Map.entry("secrets", List.of("{\"key\":\"a\"}", "b")));
  }
}
