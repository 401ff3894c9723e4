package dev.flowline.argo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flowline.argo.mfref.BranchFlow;
import dev.flowline.argo.mfref.CronFlow;
import dev.flowline.argo.mfref.DailyFlow;
import dev.flowline.argo.mfref.DownstreamFlow;
import dev.flowline.argo.mfref.EnvironmentFlow;
import dev.flowline.argo.mfref.ForeachFlow;
import dev.flowline.argo.mfref.HelloFlow;
import dev.flowline.argo.mfref.HourlyFlow;
import dev.flowline.argo.mfref.ParameterFlow;
import dev.flowline.argo.mfref.RankingFlow;
import dev.flowline.argo.mfref.ResourcesFlow;
import dev.flowline.argo.mfref.RetryCatchFlow;
import dev.flowline.argo.mfref.RetryTimeoutFlow;
import dev.flowline.argo.mfref.SimpleForeachFlow;
import dev.flowline.argo.mfref.TriggerFlow;
import dev.flowline.argo.mfref.UnmappedTriggerFlow;
import dev.flowline.argo.mfref.WeeklyFlow;
import io.fabric8.kubernetes.api.model.Quantity;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiPredicate;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue #10: Flowline's Argo objects compared field by field with Python Metaflow's for the same
 * flow shapes under the same settings.
 *
 * <p>Metaflow's side is committed: {@code src/test/resources/metaflow/<flow>.json} (and {@code
 * .cronworkflow.json}, {@code .sensor.json}), made by {@code tools/metaflow-reference/generate.sh}
 * from the Python flows in {@code tools/metaflow-reference/flows} under {@code
 * tools/metaflow-reference/settings.env}. This test compiles the mirroring Java flows of {@code
 * dev.flowline.argo.mfref} with {@code create --only-json} under the same settings (read from that
 * file), reduces both sides to the same "facts" (a key such as {@code step shout:
 * resources.requests} and a normalized value) and compares them. Naming conventions are normalized
 * away: step names are compared lower-cased without {@code -} and {@code _}, foreach scopes by
 * their first body step, each platform's own bookkeeping labels, annotations and environment
 * variables ({@code metaflow/*}, {@code flowline.dev/*}, {@code app.kubernetes.io/*}, code package,
 * task identity) are not compared.
 *
 * <p>Every difference must match one {@link Deliberate} rule of {@link #DELIBERATE}, each of which
 * is also a row of docs/argo.md's "Deliberately different from Metaflow" table with its reason; a
 * new difference fails the test, and so does a rule that no longer matches anything.
 */
class MetaflowComparisonTest {
  static final Path METAFLOW = Path.of("src", "test", "resources", "metaflow");
  static final Path SETTINGS = Path.of("..", "tools", "metaflow-reference", "settings.env");
  static final ObjectMapper JSON = new ObjectMapper();

  /**
   * A difference Flowline keeps on purpose.
   *
   * @param name the rule's name, as in docs/argo.md
   * @param key a regular expression over the fact's key ({@code flow|key})
   * @param values whether the two values (Flowline's, Metaflow's) are the difference meant
   * @param reason why (docs/argo.md says the same)
   */
  record Deliberate(String name, String key, BiPredicate<String, String> values, String reason) {
    boolean matches(String flowAndKey, String ours, String theirs) {
      return Pattern.compile(key).matcher(flowAndKey).matches() && values.test(ours, theirs);
    }
  }

  private static final String ABSENT = "<absent>";

  /** Metaflow's hidden parameter of each event of the flows compared. */
  private static final String EVENT_PARAMETERS = "(dataready_qo6t|metaflowHelloFlowend_o73v)";

  private static final String DHSM = "(not mounted) <- {emptyDir={medium=Memory}}";

  static final List<Deliberate> DELIBERATE =
      List.of(
          new Deliberate(
              "no event parameters",
              ".*\\|((sensor )?parameter "
                  + EVENT_PARAMETERS
                  + ": .*|step [^:]+: env"
                  + " METAFLOW_ARGO_EVENT_PAYLOAD_(event|run)_"
                  + EVENT_PARAMETERS
                  + ")",
              (ours, theirs) -> ours.equals(ABSENT),
              "not built: Flowline has no current.trigger, so a run gets an event's fields only"
                  + " through the parameters they map to, not the whole payload"),
          new Deliberate(
              "pending watchdog",
              ".*\\|dag flow: daemon",
              (ours, theirs) -> ours.equals("pendingwatchdog") && theirs.equals(ABSENT),
              "Metaflow keeps no pending timeout on Argo (a pod that cannot be scheduled waits for"
                  + " ever); Flowline runs a daemon task beside the steps that fails a pod waiting"
                  + " longer than its pending timeout, as its Kubernetes launcher does"),
          new Deliberate(
              "cron spelling",
              ".*\\|cron schedules",
              (ours, theirs) -> theirs.replace("?", "*").replace(" SUN", " 0").equals(ours),
              "none in effect: Flowline writes Unix cron (five fields, no '?', days of the week as"
                  + " numbers), which Argo reads the same"),
          new Deliberate(
              "no empty time zone",
              ".*\\|cron timezone",
              (ours, theirs) -> ours.equals(ABSENT) && theirs.isEmpty(),
              "none in effect: Argo reads an empty time zone as none"),
          new Deliberate(
              "Argo's defaults",
              ".*\\|(cron (concurrencyPolicy|suspend)|sensor replicas)",
              (ours, theirs) ->
                  ours.equals("Allow") && theirs.equals(ABSENT)
                      || ours.equals(ABSENT) && (theirs.equals("false") || theirs.equals("1")),
              "none in effect: each side spells out a different one of Argo's defaults"
                  + " (CronWorkflow concurrencyPolicy Allow, suspend false; Sensor replicas 1)"),
          new Deliberate(
              "CronWorkflow: history limits",
              ".*\\|cron (failed|successful)JobsHistoryLimit",
              (ours, theirs) -> ours.equals(ABSENT) && theirs.equals("10000"),
              "Java need: a run's history is in the datastore; 10000 finished Workflow objects"
                  + " weigh on etcd"),
          new Deliberate(
              "named container port",
              ".*\\|step [^:]+: ports",
              (ours, theirs) ->
                  ours.equals(
                      theirs.replaceAll(
                          "\\{containerPort=(\\d+)\\}",
                          "{containerPort=$1, name=flowline, protocol=TCP}")),
              "Java need: the port of a Flowline Kubernetes pod is named (flowline), so that a"
                  + " Service can target it by name; TCP is Kubernetes' default"),
          new Deliberate(
              "'_' in a branch becomes '-'",
              ".*\\|metadata.name",
              (ours, theirs) -> !ours.equals(theirs) && ours.replace("-", "").equals(theirs),
              "Metaflow drops '_' from the name, so branches feature_x and featurex share one"
                  + " deployment; Flowline writes '-' (names allow no '_')"),
          new Deliberate(
              "the exit hook's pod has the pod settings",
              ".*\\|step \\(exit hook\\): (nodeSelector|tolerations|podSpecPatch|imagePullPolicy"
                  + "|labels|annotations|activeDeadlineSeconds|volumes)",
              (ours, theirs) -> Set.of(ABSENT, "{}", "").contains(theirs) && !ours.equals(theirs),
              "Metaflow bug (README item 6): its hook has no node selector, tolerations or image"
                  + " pull settings, so it cannot run where the steps' pods need them"),
          new Deliberate(
              "the exit hook's resources are the end step's",
              ".*\\|step \\(exit hook\\): resources\\.(requests|limits)",
              (ours, theirs) ->
                  Set.of("{cpu=0.2, memory=104857600}", "{cpu=0.2, memory=524288000}")
                      .contains(theirs),
              "Java need: the hook runs the JVM (record-end) in a pod built like the end step's;"
                  + " Metaflow's fixed 200m CPU, 100Mi-500Mi suits its Python script"),
          new Deliberate(
              "one @Catch fallback attempt",
              "retry_catch\\|step parse: retryStrategy",
              (ours, theirs) ->
                  ours.startsWith("limit=1 policy=Always ") && theirs.startsWith("limit=3 "),
              "as the local runtime: one attempt after the last @Retry attempt records a crash,"
                  + " OOM kill or time limit for @Catch without running the step's code; Metaflow"
                  + " gives a @catch step 3 such attempts (and a 2 minute back-off)"),
          new Deliberate(
              "internal bootstrap parameter",
              ".*\\|parameter flowline-bootstrap: .*",
              (ours, theirs) -> theirs.equals(ABSENT),
              "Java need: the code fetcher jar is held once, as an internal workflow parameter"),
          new Deliberate(
              "parameter values are plain text",
              ".*\\|(parameter [^:]+: value|sensor parameter [^:]+: default)",
              (ours, theirs) -> !ours.equals(ABSENT) && theirs.equals(json(ours)),
              "Metaflow json.dumps every default (a str parameter 'world' is sent as '\"world\"');"
                  + " Flowline's value is the text the flow's command line takes"),
          new Deliberate(
              "no \"null\" for a parameter without default",
              ".*\\|(parameter [^:]+: value|sensor parameter [^:]+: default)",
              (ours, theirs) -> (ours.equals(ABSENT) || ours.isEmpty()) && theirs.equals("null"),
              "Metaflow bug, section 8 item 5 of the reference"),
          new Deliberate(
              "unmounted dhsm volume",
              ".*\\|step [^:]+: volumes",
              (ours, theirs) ->
                  theirs.replace(DHSM + ", ", "").replace(", " + DHSM, "").equals(ours),
              "Metaflow bug (tools/metaflow-reference/README.md, new item 1): every step gets an"
                  + " unmounted Memory emptyDir 'dhsm' without shared memory"),
          new Deliberate(
              "@Environment wins over Metaflow's own variables",
              "environment\\|step end: env METAFLOW_USER",
              (ours, theirs) -> ours.equals("someone-else") && theirs.equals("argo-workflows"),
              "Metaflow bug (README item 9): an @environment variable Metaflow also sets is"
                  + " silently overwritten"),
          new Deliberate(
              "the task's user is the deploying user",
              ".*\\|step [^:]+: env (METAFLOW_USER|METAFLOW_OWNER|USER)",
              (ours, theirs) ->
                  ours.equals(ABSENT) && theirs.equals("<user>")
                      || ours.equals("mfrefuser") && theirs.equals("argo-workflows"),
              "Java need: a Flowline run records one user (METAFLOW_USER, the deployer, as in"
                  + " flowline.dev/user), where Metaflow sets user argo-workflows plus an owner"),
          new Deliberate(
              "settings no Flowline task reads are not forwarded",
              ".*\\|step [^:]+: env (METAFLOW_ARGO_EVENTS_(EVENT|EVENT_SOURCE|SERVICE_ACCOUNT"
                  + "|WEBHOOK_AUTH)|METAFLOW_ARGO_WORKFLOWS_ENV_VARS_TO_SKIP|METAFLOW_CARD_S3ROOT"
                  + "|METAFLOW_DATATOOLS_S3ROOT|METAFLOW_DEFAULT_METADATA)",
              (ours, theirs) -> ours.equals(ABSENT),
              "Java need: Flowline has no cards, S3 tools or metadata service, its tasks publish"
                  + " only the end event (to the webhook URL), and the skip list is applied at"
                  + " compile time"),
          new Deliberate(
              "a Flowline Kubernetes pod's own variables",
              ".*\\|step [^:]+: env (METAFLOW_KUBERNETES_NAMESPACE|METAFLOW_KUBERNETES_NODE_NAME"
                  + "|METAFLOW_S3_RETRY_COUNT)",
              (ours, theirs) -> ours.equals(ABSENT) != theirs.equals(ABSENT),
              "Java need: a deployed task's pod is a Flowline Kubernetes Job's (node name and S3"
                  + " retry count; the namespace is METAFLOW_KUBERNETES_POD_NAMESPACE on both"
                  + " sides)"));

  static final Set<String> USED = new TreeSet<>();
  static final List<String> UNEXPECTED = new ArrayList<>();

  @TempDir Path work;

  static Stream<Arguments> flows() {
    return Stream.of(
        Arguments.of("hello", HelloFlow.class),
        Arguments.of("branch", BranchFlow.class),
        Arguments.of("foreach", SimpleForeachFlow.class),
        Arguments.of("parameters", ParameterFlow.class),
        Arguments.of("retry_timeout", RetryTimeoutFlow.class),
        Arguments.of("retry_catch", RetryCatchFlow.class),
        Arguments.of("environment", EnvironmentFlow.class),
        Arguments.of("nested_foreach", ForeachFlow.class),
        Arguments.of("schedule_cron", CronFlow.class),
        Arguments.of("trigger", TriggerFlow.class),
        Arguments.of("resources", ResourcesFlow.class),
        Arguments.of("schedule_hourly", HourlyFlow.class),
        Arguments.of("schedule_daily", DailyFlow.class),
        Arguments.of("schedule_weekly", WeeklyFlow.class),
        Arguments.of("trigger_unmapped", UnmappedTriggerFlow.class),
        Arguments.of("trigger_on_finish", DownstreamFlow.class),
        Arguments.of("project", RankingFlow.class),
        Arguments.of("project_branch", RankingFlow.class),
        Arguments.of("project_production", RankingFlow.class));
  }

  @BeforeAll
  static void clear() {
    USED.clear();
    UNEXPECTED.clear();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("flows")
  void everyDifferenceFromMetaflowIsDeliberate(String name, Class<?> flow) throws Exception {
    Map<String, JsonNode> ours = compile(flow, CREATE_ARGS.getOrDefault(name, List.of()));
    Map<String, JsonNode> theirs = metaflow(name);
    assertThat(ours.keySet()).as("kinds of objects").isEqualTo(theirs.keySet());

    Map<String, String> a = new TreeMap<>();
    Map<String, String> b = new TreeMap<>();
    facts(ours, a::put);
    facts(theirs, b::put);
    assertThat(a).as("facts of Flowline's objects").isNotEmpty();

    List<String> unexpected = new ArrayList<>();
    Set<String> keys = new TreeSet<>(a.keySet());
    keys.addAll(b.keySet());
    for (String key : keys) {
      String ourValue = a.getOrDefault(key, "<absent>");
      String theirValue = b.getOrDefault(key, "<absent>");
      if (ourValue.equals(theirValue)) {
        continue;
      }
      String flowAndKey = name + "|" + key;
      var rule =
          DELIBERATE.stream().filter(d -> d.matches(flowAndKey, ourValue, theirValue)).findFirst();
      if (rule.isPresent()) {
        USED.add(rule.get().name());
      } else {
        unexpected.add(
            flowAndKey + "\n    flowline: " + ourValue + "\n    metaflow: " + theirValue);
      }
    }
    UNEXPECTED.addAll(unexpected);
    assertThat(unexpected).as("differences from Metaflow not listed as deliberate").isEmpty();
  }

  /** Every rule still matches some difference, so the list (and the docs) cannot go stale. */
  @AfterAll
  static void everyDeliberateDifferenceStillExists() {
    if (!UNEXPECTED.isEmpty() || USED.isEmpty()) {
      return; // the parameterized test failed (or did not run): its message says why
    }
    Set<String> rules =
        DELIBERATE.stream().map(Deliberate::name).collect(Collectors.toCollection(TreeSet::new));
    assertThat(rules)
        .as(
            "deliberate differences that no flow shows any more (remove them here and in docs/argo.md)")
        .isEqualTo(USED);
  }

  /** Each rule is a row of docs/argo.md's table, marked {@code (compared: "<name>")}. */
  @org.junit.jupiter.api.Test
  void everyDeliberateDifferenceIsDocumented() throws IOException {
    String docs =
        Files.readString(Path.of("..", "docs", "argo.md"), StandardCharsets.UTF_8)
            .replace("\\", "");
    assertThat(DELIBERATE)
        .extracting(Deliberate::name)
        .doesNotHaveDuplicates()
        .allSatisfy(
            name ->
                assertThat(docs)
                    .as("docs/argo.md row for deliberate difference %s", name)
                    .contains("(compared: \"" + name + "\")"));
  }

  // ---------------------------------------------------------------- inputs

  /** The flows' {@code create} options, as {@code flows/<flow>.env} gives them to Metaflow. */
  static final Map<String, List<String>> CREATE_ARGS =
      Map.of(
          "project_branch", List.of("--branch", "feature_x"),
          "project_production", List.of("--production"));

  private Map<String, JsonNode> compile(Class<?> flow, List<String> options) throws IOException {
    Map<String, String> env = new HashMap<>(settings());
    env.put("METAFLOW_HOME", work.resolve("home").toString());
    List<String> args = new ArrayList<>(List.of("create", "--only-json"));
    args.addAll(options);
    var r = ArgoCli.run(flow, env, work, args.toArray(String[]::new));
    assertThat(r.code()).as(r.all()).isZero();
    Map<String, JsonNode> byKind = new TreeMap<>();
    for (JsonNode doc : JSON.readerFor(JsonNode.class).<JsonNode>readValues(r.out()).readAll()) {
      byKind.put(doc.path("kind").asText(), doc);
    }
    return byKind;
  }

  private static Map<String, JsonNode> metaflow(String name) throws IOException {
    Map<String, JsonNode> byKind = new TreeMap<>();
    for (String suffix : List.of(".json", ".cronworkflow.json", ".sensor.json")) {
      Path file = METAFLOW.resolve(name + suffix);
      if (Files.exists(file)) {
        JsonNode doc = JSON.readTree(file.toFile());
        byKind.put(doc.path("kind").asText(), doc);
      }
    }
    return byKind;
  }

  /** {@code settings.env}: {@code KEY=VALUE} lines, values optionally in single quotes. */
  static Map<String, String> settings() throws IOException {
    Map<String, String> env = new TreeMap<>();
    for (String line : Files.readAllLines(SETTINGS, StandardCharsets.UTF_8)) {
      String l = line.strip();
      if (l.isEmpty() || l.startsWith("#")) {
        continue;
      }
      int eq = l.indexOf('=');
      String value = l.substring(eq + 1);
      if (value.length() >= 2 && value.startsWith("'") && value.endsWith("'")) {
        value = value.substring(1, value.length() - 1);
      }
      env.put(l.substring(0, eq), value);
    }
    return env;
  }

  // ---------------------------------------------------------------- facts

  private interface Facts {
    void put(String key, String value);
  }

  private static void facts(Map<String, JsonNode> objects, Facts out) {
    JsonNode template = objects.get("WorkflowTemplate");
    workflowTemplate(template, out);
    if (objects.containsKey("CronWorkflow")) {
      cronWorkflow(objects.get("CronWorkflow"), out);
    }
    if (objects.containsKey("Sensor")) {
      sensor(objects.get("Sensor"), out);
    }
  }

  /** Step and scope names without the platforms' spelling: lower case, no '-' or '_'. */
  static String norm(String name) {
    return name.toLowerCase(java.util.Locale.ROOT).replace("-", "").replace("_", "");
  }

  private static void workflowTemplate(JsonNode wt, Facts out) {
    out.put("metadata.name", user(wt.path("metadata").path("name").asText()));
    out.put("metadata.namespace", wt.path("metadata").path("namespace").asText());
    for (String f :
        List.of(
            "serviceAccountName",
            "parallelism",
            "activeDeadlineSeconds",
            "priority",
            "podGC",
            "ttlStrategy",
            "volumes",
            "imagePullSecrets",
            "nodeSelector",
            "tolerations")) {
      out.put("spec." + f, text(wt.path("spec").path(f)));
    }
    for (JsonNode p : wt.path("spec").path("arguments").path("parameters")) {
      out.put("parameter " + p.path("name").asText() + ": value", text(p.path("value")));
      out.put(
          "parameter " + p.path("name").asText() + ": description", text(p.path("description")));
    }
    Map<String, JsonNode> templates = new HashMap<>();
    for (JsonNode t : wt.path("spec").path("templates")) {
      templates.put(t.path("name").asText(), t);
    }
    dag(templates, templates.get(wt.path("spec").path("entrypoint").asText()), "flow", out);
    // The exit hook's pod (Metaflow: a steps template calling a container template).
    JsonNode hook = templates.get(wt.path("spec").path("onExit").asText());
    while (hook != null && hook.has("steps")) {
      hook = templates.get(hook.path("steps").get(0).get(0).path("template").asText());
    }
    if (hook != null) {
      step(EXIT_HOOK, hook, out);
    }
  }

  /** One DAG scope: its edges, its foreach fan-outs, and its steps' container templates. */
  private static void dag(Map<String, JsonNode> templates, JsonNode dag, String scope, Facts out) {
    Map<String, String> taskName = new HashMap<>();
    List<JsonNode> tasks = new ArrayList<>();
    for (JsonNode task : dag.path("dag").path("tasks")) {
      JsonNode called = templates.get(task.path("template").asText());
      if (called.path("daemon").asBoolean(false)) {
        // not a step: a helper beside them (Flowline's pending watchdog)
        out.put("dag " + scope + ": daemon", norm(task.path("name").asText()));
        continue;
      }
      tasks.add(task);
      taskName.put(
          task.path("name").asText(),
          called.has("dag")
              ? "foreach("
                  + norm(called.path("dag").path("tasks").get(0).path("name").asText())
                  + ")"
              : norm(task.path("name").asText()));
    }
    Set<String> edges = new TreeSet<>();
    for (JsonNode task : tasks) {
      String to = taskName.get(task.path("name").asText());
      Set<String> parents = new TreeSet<>();
      task.path("dependencies").forEach(d -> parents.add(taskName.get(d.asText())));
      for (String part : task.path("depends").asText("").split("&&|\\|\\|")) {
        String p = part.strip().replaceAll("\\.Succeeded$", "");
        if (!p.isEmpty()) {
          parents.add(taskName.get(p));
        }
      }
      if (parents.isEmpty()) {
        edges.add("(root) -> " + to);
      }
      parents.forEach(p -> edges.add(p + " -> " + to));
      JsonNode called = templates.get(task.path("template").asText());
      if (called.has("dag")) {
        out.put("dag " + to + ": fan-out", task.has("withParam") ? "withParam" : "none");
        dag(templates, called, to, out);
      } else {
        step(taskName.get(task.path("name").asText()), called, out);
      }
    }
    out.put("dag " + scope + ": edges", String.join(", ", edges));
  }

  private static final String EXIT_HOOK = "(exit hook)";

  private static final Pattern PLATFORM_KEY =
      Pattern.compile("(metaflow/|flowline\\.dev/|app\\.kubernetes\\.io/).*");

  private static void step(String step, JsonNode t, Facts out) {
    Consumer<String[]> put = kv -> out.put("step " + step + ": " + kv[0], kv[1]);
    JsonNode c = t.path("container");
    put.accept(new String[] {"serviceAccountName", text(t.path("serviceAccountName"))});
    put.accept(new String[] {"activeDeadlineSeconds", text(t.path("activeDeadlineSeconds"))});
    JsonNode retry = t.path("retryStrategy");
    put.accept(
        new String[] {
          "retryStrategy",
          retry.isMissingNode()
              ? "<absent>"
              : "limit="
                  + text(retry.path("limit"))
                  + " policy="
                  + text(retry.path("retryPolicy"))
                  + " backoff="
                  + seconds(retry.path("backoff").path("duration").asText())
        });
    put.accept(new String[] {"labels", sortedMap(t.path("metadata").path("labels"))});
    put.accept(new String[] {"annotations", sortedMap(t.path("metadata").path("annotations"))});
    put.accept(new String[] {"nodeSelector", sortedMap(t.path("nodeSelector"))});
    put.accept(new String[] {"tolerations", canonical(t.path("tolerations"))});
    put.accept(
        new String[] {
          "podSpecPatch",
          t.has("podSpecPatch") ? canonical(readTree(t.path("podSpecPatch").asText())) : "<absent>"
        });
    // Volumes by what they are and where they are mounted: their names are each platform's own.
    Map<String, String> mountedAt = new HashMap<>();
    c.path("volumeMounts")
        .forEach(m -> mountedAt.put(m.path("name").asText(), m.path("mountPath").asText()));
    Set<String> volumes = new TreeSet<>();
    t.path("volumes")
        .forEach(
            v -> {
              ObjectNode source = v.deepCopy();
              source.remove("name");
              volumes.add(
                  mountedAt.getOrDefault(v.path("name").asText(), "(not mounted)")
                      + " <- "
                      + canonical(source));
            });
    put.accept(new String[] {"volumes", String.join(", ", volumes)});
    put.accept(new String[] {"image", text(c.path("image"))});
    put.accept(new String[] {"imagePullPolicy", text(c.path("imagePullPolicy"))});
    put.accept(
        new String[] {"resources.requests", quantities(c.path("resources").path("requests"))});
    put.accept(new String[] {"resources.limits", quantities(c.path("resources").path("limits"))});
    List<String> envFrom = new ArrayList<>();
    c.path("envFrom").forEach(e -> envFrom.add(e.toString()));
    put.accept(new String[] {"envFrom", String.join(", ", envFrom)});
    put.accept(new String[] {"securityContext", canonical(c.path("securityContext"))});
    put.accept(new String[] {"ports", canonical(c.path("ports"))});
    if (step.equals(EXIT_HOOK)) {
      return; // the hooks run different programs: their variables are not comparable
    }
    for (JsonNode e : c.path("env")) {
      String name = e.path("name").asText();
      if (ENV_NOT_COMPARED.matcher(name).matches()) {
        continue;
      }
      put.accept(
          new String[] {
            "env " + name,
            e.has("valueFrom") ? e.path("valueFrom").toString() : e.path("value").asText()
          });
    }
  }

  /**
   * Environment variables that are each platform's own plumbing (code package, task identity,
   * versions, the runtime's name for itself) rather than a setting the two should agree on.
   */
  private static final Pattern ENV_NOT_COMPARED =
      Pattern.compile(
          "FLOWLINE_.*|METAFLOW_CODE_.*|METAFLOW_VERSION|METAFLOW_FLOW_.*|METAFLOW_STEP_NAME"
              + "|METAFLOW_RUN_ID|METAFLOW_RETRY_COUNT|METAFLOW_PRODUCTION_TOKEN|ARGO_WORKFLOW_.*"
              + "|METAFLOW_RUNTIME_NAME|METAFLOW_SERVICE_HEADERS|MF_.*|METAFLOW_RUN_.*");

  private static void cronWorkflow(JsonNode cron, Facts out) {
    JsonNode spec = cron.path("spec");
    List<String> schedules = new ArrayList<>();
    spec.path("schedules").forEach(s -> schedules.add(s.asText()));
    if (spec.has("schedule")) {
      schedules.add(spec.path("schedule").asText());
    }
    out.put("cron schedules", String.join(", ", schedules));
    out.put("cron name", user(cron.path("metadata").path("name").asText()));
    out.put(
        "cron workflowTemplateRef",
        user(spec.path("workflowSpec").path("workflowTemplateRef").path("name").asText()));
    for (String f :
        List.of(
            "timezone",
            "concurrencyPolicy",
            "startingDeadlineSeconds",
            "suspend",
            "failedJobsHistoryLimit",
            "successfulJobsHistoryLimit")) {
      out.put("cron " + f, text(spec.path(f)));
    }
  }

  private static void sensor(JsonNode sensor, Facts out) {
    JsonNode spec = sensor.path("spec");
    out.put("sensor name", user(sensor.path("metadata").path("name").asText()));
    out.put("sensor namespace", text(sensor.path("metadata").path("namespace")));
    out.put("sensor eventBusName", text(spec.path("eventBusName")));
    out.put("sensor replicas", text(spec.path("replicas")));
    out.put(
        "sensor pod resources.requests",
        quantities(spec.path("template").path("container").path("resources").path("requests")));
    out.put(
        "sensor pod resources.limits",
        quantities(spec.path("template").path("container").path("resources").path("limits")));
    out.put("sensor serviceAccountName", text(spec.path("template").path("serviceAccountName")));
    for (JsonNode d : spec.path("dependencies")) {
      Set<String> exprs = new TreeSet<>();
      d.path("filters").path("exprs").forEach(e -> exprs.add(e.toString()));
      Set<String> data = new TreeSet<>();
      d.path("filters").path("data").forEach(e -> data.add(e.toString()));
      String event =
          d.path("eventSourceName").asText() + "/" + d.path("eventName").asText() + " " + exprs;
      out.put("sensor dependency " + event, "data filters " + data);
    }
    out.put("sensor triggers", String.valueOf(spec.path("triggers").size()));
    for (JsonNode trigger : spec.path("triggers")) {
      JsonNode k8s = trigger.path("template").path("k8s");
      List<String> names = new ArrayList<>();
      k8s.path("source")
          .path("resource")
          .path("spec")
          .path("arguments")
          .path("parameters")
          .forEach(p -> names.add(p.path("name").asText()));
      for (JsonNode p : k8s.path("parameters")) {
        // Metaflow: dest "...#(name=alpha).value"; Flowline: dest "...parameters.<i>.value".
        var dest =
            Pattern.compile("#\\(name=([^)]+)\\)|parameters\\.(\\d+)\\.value")
                .matcher(p.path("dest").asText());
        String param =
            !dest.find()
                ? p.path("dest").asText()
                : dest.group(1) != null
                    ? dest.group(1)
                    : names.get(Integer.parseInt(dest.group(2)));
        JsonNode src = p.path("src");
        var field =
            Pattern.compile("get \\$\\.Input\\.body\\.payload \"([^\"]+)\"")
                .matcher(src.path("dataTemplate").asText());
        String from =
            field.find() ? "body.payload." + field.group(1) : src.path("dataKey").asText();
        out.put("sensor parameter " + param + ": from", from);
        out.put("sensor parameter " + param + ": default", text(src.path("value")));
      }
    }
  }

  // ---------------------------------------------------------------- values

  private static String text(JsonNode n) {
    if (n.isMissingNode() || n.isNull()) {
      return ABSENT;
    }
    return n.isValueNode() ? n.asText() : n.toString();
  }

  private static String sortedMap(JsonNode n) {
    Map<String, String> m = new TreeMap<>();
    n.fields()
        .forEachRemaining(
            e -> {
              if (!PLATFORM_KEY.matcher(e.getKey()).matches()) {
                m.put(e.getKey(), e.getValue().asText());
              }
            });
    return m.toString();
  }

  /** JSON with the keys of every object sorted, so that key order does not count. */
  private static String canonical(JsonNode n) {
    if (n.isMissingNode() || n.isNull()) {
      return ABSENT;
    }
    if (n.isObject()) {
      Map<String, String> m = new TreeMap<>();
      n.fields().forEachRemaining(e -> m.put(e.getKey(), canonical(e.getValue())));
      return m.toString();
    }
    if (n.isArray()) {
      List<String> items = new ArrayList<>();
      n.forEach(i -> items.add(canonical(i)));
      return items.toString();
    }
    return n.asText();
  }

  /** The deploying user as Metaflow's side shows it (normalized to {@code <user>}). */
  private static String user(String text) {
    return text.replace("mfrefuser", "<user>");
  }

  /** {@code text} as a JSON string, as Python's json.dumps writes it. */
  private static String json(String text) {
    try {
      return JSON.writeValueAsString(text);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static JsonNode readTree(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** A Go duration such as {@code 2m} or {@code 120s} (Argo's backoff) in seconds. */
  static String seconds(String duration) {
    if (duration.isEmpty()) {
      return ABSENT;
    }
    var m = Pattern.compile("(\\d+)([hms])").matcher(duration);
    long total = 0;
    while (m.find()) {
      long v = Long.parseLong(m.group(1));
      total +=
          switch (m.group(2)) {
            case "h" -> v * 3600;
            case "m" -> v * 60;
            default -> v;
          };
    }
    return total + "s";
  }

  /** Quantities by amount ("0.5" and "500m" agree), an empty map as absent. */
  private static String quantities(JsonNode n) {
    Map<String, String> m = new TreeMap<>();
    n.fields()
        .forEachRemaining(
            e ->
                m.put(
                    e.getKey(),
                    Quantity.getAmountInBytes(new Quantity(e.getValue().asText()))
                        .stripTrailingZeros()
                        .toPlainString()));
    return m.toString();
  }
}
