package dev.flowline.kubernetes.launch;

import dev.flowline.config.OptionCatalog;
import dev.flowline.config.SecretMask;
import dev.flowline.config.Settings;
import dev.flowline.kubernetes.KubernetesPreflight;
import dev.flowline.kubernetes.KubernetesStepSettings;
import dev.flowline.kubernetes.codepackage.CodePackageRef;
import dev.flowline.kubernetes.codepackage.CodePackageUploader;
import dev.flowline.kubernetes.config.KubernetesOptions;
import dev.flowline.kubernetes.diagnose.EndCause;
import dev.flowline.kubernetes.preflight.ClusterPreflight;
import dev.flowline.kubernetes.render.GangResources;
import dev.flowline.kubernetes.render.JobRenderer;
import dev.flowline.kubernetes.render.JobSetRenderer;
import dev.flowline.kubernetes.render.TaskContext;
import dev.flowline.metadata.ExceptionSummary;
import dev.flowline.model.StepModel;
import dev.flowline.runtime.AttemptInfo;
import dev.flowline.runtime.AttemptListener;
import dev.flowline.runtime.AttemptOutcome;
import dev.flowline.runtime.GangControl;
import dev.flowline.runtime.InvalidRunException;
import dev.flowline.runtime.LaunchContext;
import dev.flowline.runtime.TaskAttempt;
import dev.flowline.runtime.TaskLauncher;
import dev.flowline.runtime.TaskSpec;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs each attempt of a Kubernetes step as the Job that {@code kubernetes render} prints ({@link
 * JobRenderer}, one code path), and follows all of the run's Jobs and pods through one watch per
 * namespace ({@link RunWatch}): no thread, process or polling loop per task. An attempt starts when
 * its container runs; its output is followed through {@code pods/log} and passed on line by line
 * ({@link PodLogs}); its end is read from the pod and the Job ({@link PodOutcomes}); a pod that
 * cannot start is diagnosed from its conditions, container states and events, failed at once when
 * the cause is permanent and after the pending timeout when it may still resolve.
 *
 * <p>A gang ({@code @Parallel}) attempt runs as one JobSet plus its headless Service ({@link
 * JobSetRenderer}): the runtime hands over its nodes one by one, the launcher creates both once
 * every node has arrived ({@link GangLaunch}, {@link JobSets}), and follows each node's pod through
 * the same watch, with its own log and outcome. The first node that fails ends the JobSet (per
 * {@code METAFLOW_KUBERNETES_JOB_TERMINATE_MODE}); the other nodes are reported stopped once their
 * pods ended.
 *
 * <p>Threads: one coordinator thread owns all attempt state (the watches and timers only post to
 * it), a few submitters create Jobs (bounded by a client-side rate limit), and a small pool sets up
 * log streams (their bytes arrive on the HTTP client's threads).
 */
public final class KubernetesTaskLauncher implements TaskLauncher {
  /**
   * Jobs created per second at most once a burst is spent (a client-side rate limit, as
   * client-go's; Argo's workflow controller uses 20 and 30).
   */
  static final int CREATES_PER_SECOND = 20;

  /** Jobs created at once before the rate applies: a wide foreach's first wave goes at once. */
  static final int CREATE_BURST = 50;

  /**
   * Threads creating Jobs: a create is a round trip to the API server, so one thread alone caps a
   * run at about 1 / latency creates per second, below the rate limit on a busy server.
   */
  static final int SUBMITTERS = 4;

  private final LaunchContext context;
  private final Map<String, KubernetesStepSettings> settings;
  private final String terminateMode;
  private final JobRenderer renderer = new JobRenderer();
  private final JobSetRenderer gangRenderer =
      new JobSetRenderer(renderer, JobSetRenderer.DEFAULT_API_VERSION);
  private final Map<String, Tracked> byJob = new ConcurrentHashMap<>();

  /** Gangs whose nodes are still being handed over, by {@link GangLaunch#key} (coordinator). */
  private final Map<String, GangLaunch> gangsArriving = new HashMap<>();

  /** Gangs submitted, by the names of their control and worker Jobs. */
  private final Map<String, GangLaunch> gangsByJob = new ConcurrentHashMap<>();

  private final Map<String, RunWatch> watches = new ConcurrentHashMap<>();
  private final ScheduledExecutorService coordinator =
      Executors.newSingleThreadScheduledExecutor(daemon("flowline-kubernetes-coordinator"));
  private final ExecutorService submitter =
      Executors.newFixedThreadPool(SUBMITTERS, daemon("flowline-kubernetes-submitter"));
  private final ExecutorService logSetup =
      Executors.newFixedThreadPool(2, daemon("flowline-kubernetes-logs"));
  private final AtomicBoolean stopping = new AtomicBoolean();
  private final RateLimit creates = new RateLimit(CREATES_PER_SECOND, CREATE_BURST);
  private final Map<String, Integer> oomKills = new ConcurrentHashMap<>();
  private final CodePackageUploader uploader;
  private volatile KubernetesClient client;
  private volatile CodePackageRef code;

  /** A launcher for the Kubernetes steps of the run in {@code context}. */
  public KubernetesTaskLauncher(LaunchContext context) {
    this.context = context;
    var config =
        Settings.resolve(
            context.config(), OptionCatalog.load(KubernetesTaskLauncher.class.getClassLoader()));
    this.settings =
        new KubernetesPreflight(config)
            .resolve(context.model(), KubernetesPreflight.kubernetesSteps(context.model()));
    this.terminateMode = config.get(KubernetesOptions.JOB_TERMINATE_MODE);
    this.uploader = CodePackageUploader.of(config);
    preflight();
    coordinator.scheduleWithFixedDelay(this::tick, 1, 1, TimeUnit.SECONDS);
  }

  /**
   * Checks the cluster before the run submits anything (namespaces, service accounts, Secrets,
   * claims, quota, RBAC; {@link ClusterPreflight#forRun}); every problem at once.
   *
   * @throws InvalidRunException listing them (the run does not start)
   */
  private void preflight() {
    ClusterPreflight.Report report;
    try {
      report =
          ClusterPreflight.forRun(client())
              .withGangs(gangSteps(), gangRenderer.apiVersion())
              .inspect(settings);
    } catch (RuntimeException e) {
      close();
      throw new InvalidRunException(
          "Kubernetes: cannot check the cluster before the run: " + e.getMessage());
    }
    report.notes().forEach(n -> System.err.println("note: " + n));
    credentialsInEnvironment().forEach(n -> System.err.println("note: " + n));
    List<String> problems = new ArrayList<>();
    report.problems().forEach(p -> problems.add(p.message()));
    problems.addAll(gangProblems());
    if (!problems.isEmpty()) {
      close();
      var text = new StringBuilder();
      text.append(problems.size())
          .append(problems.size() == 1 ? " problem" : " problems")
          .append(" on the cluster (found before anything was submitted):");
      problems.forEach(p -> text.append("\n  - ").append(p));
      text.append("\nNothing was run.");
      throw new InvalidRunException(text.toString());
    }
  }

  /**
   * A problem per {@code @Parallel} step on Kubernetes when the cluster does not serve the JobSet
   * API (a gang runs as a JobSet). An error other than "not found" while asking is left to the
   * first gang's creation, which reports it.
   */
  private List<String> gangProblems() {
    var gangSteps = gangSteps();
    if (gangSteps.isEmpty()) {
      return List.of();
    }
    String apiVersion = gangRenderer.apiVersion();
    try {
      var served = client().getApiResources(apiVersion);
      if (served != null
          && served.getResources().stream().anyMatch(r -> "jobsets".equals(r.getName()))) {
        return List.of();
      }
    } catch (KubernetesClientException e) {
      if (e.getCode() != 404) {
        return List.of();
      }
    }
    return gangSteps.stream()
        .map(
            step ->
                "step '"
                    + step
                    + "' (@Parallel): the cluster does not serve the JobSet API "
                    + apiVersion
                    + ", and a gang on Kubernetes runs as a JobSet; install the JobSet controller"
                    + " (https://jobset.sigs.k8s.io, v0.12 or later) on the cluster, or run the gang"
                    + " on this machine (remove @Kubernetes from "
                    + step
                    + "() and --with kubernetes from the command)")
        .toList();
  }

  /** The {@code @Parallel} steps that run on Kubernetes. */
  private List<String> gangSteps() {
    return settings.keySet().stream().filter(name -> context.model().step(name).isGang()).toList();
  }

  /**
   * A note per step environment variable that looks like a credential: its value is in the Job's
   * spec, readable by anyone who may read Jobs or pods; a Secret keeps it out.
   */
  private List<String> credentialsInEnvironment() {
    List<String> notes = new ArrayList<>();
    settings.forEach(
        (step, s) ->
            s.environment().keySet().stream()
                .filter(SecretMask::isSecretName)
                .forEach(
                    name ->
                        notes.add(
                            "step '"
                                + step
                                + "': the environment variable "
                                + name
                                + " looks like a credential; its value is in the Job's spec, where"
                                + " anyone who can read Jobs or pods in namespace "
                                + s.namespace()
                                + " sees it. Put it in a Kubernetes Secret and name the Secret in"
                                + " @Kubernetes(secrets = ...) or METAFLOW_KUBERNETES_SECRETS.")));
    return notes;
  }

  @Override
  public String name() {
    return KubernetesLauncherFactory.NAME;
  }

  @Override
  public int disruptionRetries(StepModel step) {
    var s = settings.get(step.name());
    return s == null ? 0 : s.recovery().infrastructureRetries();
  }

  @Override
  public void launch(TaskAttempt attempt, AttemptListener listener) {
    if (stopping.get()) {
      listener.finished(new AttemptOutcome.InfrastructureFailure("the run is stopping"));
      return;
    }
    KubernetesStepSettings step = settings.get(attempt.spec().stepName());
    if (step == null) {
      listener.finished(
          new AttemptOutcome.InfrastructureFailure(
              "step '" + attempt.spec().stepName() + "' has no Kubernetes settings"));
      return;
    }
    if (attempt.step().isGang()) {
      var gangStep = step;
      coordinator.execute(() -> gangNodeArrived(attempt, listener, gangStep));
      return;
    }
    var stepSettings = sized(step, oomKills.getOrDefault(taskKey(attempt), 0), listener);
    submitter.execute(() -> submit(attempt, listener, stepSettings));
  }

  /**
   * {@code step}'s settings after {@code ooms} OOM kills of the task: more memory with {@code
   * oomMemoryFactor} (said as a progress line and recorded in the attempt's metadata).
   */
  private static KubernetesStepSettings sized(
      KubernetesStepSettings step, int ooms, AttemptListener listener) {
    long memory = step.recovery().memoryMb(step.memoryMb(), ooms);
    if (memory != step.memoryMb()) {
      listener.progress(
          "asks for "
              + memory
              + " MB of memory instead of "
              + step.memoryMb()
              + " MB after "
              + ooms
              + (ooms == 1 ? " OOM kill" : " OOM kills")
              + " (oomMemoryFactor).");
      step =
          step.withMemoryMb(memory)
              .withEnvironment(
                  Map.of(
                      AttemptInfo.VARIABLE,
                      AttemptInfo.encode(
                          Map.of(
                              "memory-mb",
                              Long.toString(memory),
                              "memory-step-up",
                              "from "
                                  + step.memoryMb()
                                  + " MB after "
                                  + ooms
                                  + (ooms == 1 ? " OOM kill" : " OOM kills")))));
    }
    return step;
  }

  /**
   * Where a gang of {@code step} listens: the control pod's stable host name in the JobSet of this
   * attempt and the configured port (the pods compute the same values themselves).
   */
  @Override
  public GangControl gangControl(StepModel step, TaskSpec control) {
    KubernetesStepSettings s = settings.get(step.name());
    if (s == null) {
      throw new IllegalStateException("step '" + step.name() + "' has no Kubernetes settings");
    }
    var task = new TaskContext(s, control, Optional.of(context.user()));
    return new GangControl(JobSetRenderer.controlAddress(task), JobSetRenderer.port(s));
  }

  /** One node of a gang was handed over; the last one submits the gang (coordinator thread). */
  private void gangNodeArrived(
      TaskAttempt attempt, AttemptListener listener, KubernetesStepSettings step) {
    GangLaunch gang;
    try {
      gang = GangLaunch.forAttempt(attempt, gangsArriving);
    } catch (RuntimeException e) {
      listener.finished(new AttemptOutcome.InfrastructureFailure(e.getMessage()));
      return;
    }
    if (!gang.arrive(attempt, listener)) {
      return;
    }
    gangsArriving.remove(gang.key);
    int ooms = 0;
    for (var node : gang.arrived()) {
      ooms = Math.max(ooms, oomKills.getOrDefault(taskKey(node.attempt()), 0));
    }
    var sized = sized(step, ooms, gang.arrived().get(0).listener());
    submitter.execute(() -> submitGang(gang, sized));
  }

  /** Renders and creates a gang attempt's Service and JobSet (submitter thread). */
  private void submitGang(GangLaunch gang, KubernetesStepSettings step) {
    var control = gang.arrived().get(0).attempt().spec();
    GangResources resources;
    try {
      Optional<String> codeUrl =
          step.fetchesCode()
              ? Optional.of(codePackage().manifestUrl().toString())
              : Optional.empty();
      resources =
          gangRenderer.render(
              new TaskContext(step, control, Optional.of(context.user()), codeUrl), gang.size());
      checkTaskIds(gang);
    } catch (IOException | UncheckedIOException e) {
      failArrived(
          gang,
          "could not upload the code package to "
              + context.store().blobs().root()
              + ": "
              + e.getMessage());
      return;
    } catch (RuntimeException e) {
      failArrived(gang, "could not render the gang's JobSet: " + e.getMessage());
      return;
    }
    gang.resources = resources;
    gang.namespace = step.namespace();
    Tracked[] nodes = new Tracked[gang.size()];
    for (int i = 0; i < nodes.length; i++) {
      var node = gang.arrived().get(i);
      var job = gang.job(i == 0 ? JobSetRenderer.CONTROL : JobSetRenderer.WORKER);
      nodes[i] = new Tracked(node.attempt(), node.listener(), job, step);
      nodes[i].gang = gang;
      nodes[i].nodeIndex = i;
    }
    gang.nodes = nodes;
    gangsByJob.put(gang.controlJob(), gang);
    gangsByJob.put(gang.workerJob(), gang);
    String what =
        "JobSet "
            + gang.namespace
            + "/"
            + gang.jobSetName()
            + " ("
            + gang.size()
            + " nodes) and its Service";
    try {
      if (stopping.get()) {
        coordinator.execute(() -> finishGang(gang, "stopped"));
        return;
      }
      var client = client();
      watch(gang.namespace, control.runId());
      creates.acquire();
      JobSets.create(client, resources);
      nodes[0].listener.progress(what + " created; waiting for its pods.");
    } catch (KubernetesClientException e) {
      String why =
          e.getCode() == 404 && e.getMessage() != null && e.getMessage().contains("jobsets")
              ? "could not create "
                  + what
                  + ": the cluster does not serve the JobSet API "
                  + gangRenderer.apiVersion()
                  + " (HTTP 404); a @Parallel step on Kubernetes needs the JobSet controller"
                  + " (https://jobset.sigs.k8s.io, v0.12 or later) installed on the cluster, or"
                  + " run the gang on this machine (remove @Kubernetes from the step)"
              : ApiErrors.describe(e, "create " + what);
      coordinator.execute(() -> finishGang(gang, why));
    } catch (RuntimeException e) {
      String why = "could not create " + what + ": " + e;
      coordinator.execute(() -> finishGang(gang, why));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * The pods compute a worker's task id as the control's plus its node index: the runtime's ids
   * must agree.
   */
  private static void checkTaskIds(GangLaunch gang) {
    long control = Long.parseLong(gang.arrived().get(0).attempt().spec().taskId());
    for (int i = 1; i < gang.size(); i++) {
      String id = gang.arrived().get(i).attempt().spec().taskId();
      if (!Long.toString(control + i).equals(id)) {
        throw new IllegalStateException(
            "node "
                + i
                + " of the gang has task id "
                + id
                + ", not "
                + (control + i)
                + " (the control node's id plus its index, as its pod computes it)");
      }
    }
  }

  /** Fails every node of a gang that was not submitted. */
  private static void failArrived(GangLaunch gang, String why) {
    for (var node : gang.arrived()) {
      if (node != null) {
        node.listener().finished(new AttemptOutcome.InfrastructureFailure(why));
      }
    }
  }

  /** Ends every node of a submitted gang that has not ended with {@code why} (coordinator). */
  private void finishGang(GangLaunch gang, String why) {
    for (Tracked t : gang.nodes) {
      finish(t, new AttemptOutcome.InfrastructureFailure(why));
    }
  }

  /** Renders and creates the attempt's Job (submitter thread). */
  private void submit(TaskAttempt attempt, AttemptListener listener, KubernetesStepSettings step) {
    Job job;
    try {
      Optional<String> codeUrl =
          step.fetchesCode()
              ? Optional.of(codePackage().manifestUrl().toString())
              : Optional.empty();
      job =
          renderer.render(
              new TaskContext(step, attempt.spec(), Optional.of(context.user()), codeUrl));
    } catch (IOException | UncheckedIOException e) {
      listener.finished(
          new AttemptOutcome.InfrastructureFailure(
              "could not upload the code package to "
                  + context.store().blobs().root()
                  + ": "
                  + e.getMessage()));
      return;
    } catch (RuntimeException e) {
      listener.finished(
          new AttemptOutcome.InfrastructureFailure("could not render the Job: " + e.getMessage()));
      return;
    }
    var t = new Tracked(attempt, listener, job, step);
    byJob.put(job.getMetadata().getName(), t);
    try {
      if (stopping.get()) {
        coordinator.execute(() -> finish(t, new AttemptOutcome.InfrastructureFailure("stopped")));
        return;
      }
      var client = client();
      watch(t.namespace(), t.attempt.spec().runId());
      creates.acquire();
      client.batch().v1().jobs().inNamespace(t.namespace()).resource(t.job).create();
      t.listener.progress(
          "Job " + t.namespace() + "/" + t.jobName() + " created; waiting for its pod.");
    } catch (KubernetesClientException e) {
      String why = ApiErrors.describe(e, "create Job " + t.namespace() + "/" + t.jobName());
      coordinator.execute(() -> finish(t, new AttemptOutcome.InfrastructureFailure(why)));
    } catch (RuntimeException e) {
      String why = "could not create Job " + t.jobName() + ": " + e;
      coordinator.execute(() -> finish(t, new AttemptOutcome.InfrastructureFailure(why)));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * The run's code package, uploaded on first use and again when its signed URLs would expire
   * within an hour (submitter thread).
   */
  private synchronized CodePackageRef codePackage() throws IOException {
    var ref = code;
    if (ref == null || ref.expiresAt().isBefore(Instant.now().plus(Duration.ofHours(1)))) {
      ref =
          uploader.upload(
              CodePackageUploader.classPath(context.userClassPath()), context.store().blobs());
      code = ref;
    }
    return ref;
  }

  private KubernetesClient client() {
    KubernetesClient c = client;
    if (c == null) {
      synchronized (this) {
        if (client == null) {
          client = KubernetesClients.connect(context.env());
        }
        c = client;
      }
    }
    return c;
  }

  private void watch(String namespace, String runId) {
    watches.computeIfAbsent(
        namespace,
        ns ->
            RunWatch.start(
                client(),
                ns,
                context.model().name(),
                runId,
                update -> coordinator.execute(() -> onUpdate(update))));
  }

  /** Applies one watch update to its attempt (coordinator thread). */
  private void onUpdate(RunWatch.Update update) {
    Tracked t = byJob.get(update.jobName());
    if (t == null) {
      GangLaunch gang = gangsByJob.get(update.jobName());
      if (gang != null) {
        for (Tracked node : gang.concerned(update)) {
          if (!node.finished) {
            node.observe(update);
            step(node);
          }
        }
      }
      return;
    }
    if (t.finished) {
      return;
    }
    t.observe(update);
    step(t);
  }

  /** Re-examines every waiting attempt: pending timeouts and stuck pods (coordinator thread). */
  private void tick() {
    try {
      for (Tracked t : List.copyOf(byJob.values())) {
        if (!t.finished) {
          step(t);
        }
      }
      for (GangLaunch gang : new LinkedHashSet<>(gangsByJob.values())) {
        for (Tracked t : gang.nodes) {
          if (!t.finished) {
            step(t);
          }
        }
      }
    } catch (RuntimeException e) {
      // a tick must never end the timer
      System.err.println("flowline: kubernetes launcher: " + e);
    }
  }

  /** Moves {@code t} on from what is known of its Job and pod (coordinator thread). */
  private void step(Tracked t) {
    if (t.finished || t.ending) {
      return;
    }
    if (t.gang != null && t.gang.stopping() && t.gang.failedNode != t.nodeIndex) {
      stopped(t);
      return;
    }
    var pod = t.pod;
    if (pod != null && PodOutcomes.running(pod) && !t.started) {
      t.started = true;
      t.listener.started();
      followLogs(t);
    }
    Optional<PodOutcomes.End> end = PodOutcomes.end(t);
    if (end.isPresent()) {
      t.ending = true;
      var e = end.get();
      if (!t.logsFollowed() && pod != null && e.containerRan()) {
        followLogs(t);
      }
      t.logsDone()
          .orTimeout(10, TimeUnit.SECONDS)
          .whenComplete((ignored, error) -> coordinator.execute(() -> ended(t, e)));
      return;
    }
    Duration pendingTimeout = Duration.ofSeconds(t.settings.recovery().pendingTimeoutSeconds());
    var waiting = PodOutcomes.stuck(t, System.nanoTime(), pendingTimeout);
    if (waiting.isPresent()) {
      var w = waiting.get();
      if (w.failNow()) {
        t.ending = true;
        w.evidence(pendingTimeout).lines().forEach(line -> t.listener.line(true, line));
        terminate(t);
        finish(t, new AttemptOutcome.InfrastructureFailure(w.summary()));
      } else if (!w.stuck().progress().equals(t.lastProgress)) {
        t.lastProgress = w.stuck().progress();
        t.listener.progress(w.stuck().progress());
      }
    }
  }

  /**
   * A node of a gang that is being stopped: it ends once its pod ended or is gone (or there is
   * none), or after {@link GangLaunch#STOP_GRACE_NANOS}; a node that succeeded before stays a
   * success (coordinator thread).
   */
  private void stopped(Tracked t) {
    var end = PodOutcomes.end(t);
    boolean ran = t.pod != null && PodOutcomes.running(t.pod);
    // "ended" means gone or in a final phase: a pod being deleted still runs until it is killed
    boolean over =
        t.pod == null
            || t.podDeleted
            || PodOutcomes.finalPhase(t.pod)
            || System.nanoTime() - t.gang.stoppingSince > GangLaunch.STOP_GRACE_NANOS;
    if (!over) {
      return;
    }
    t.ending = true;
    AttemptOutcome outcome =
        end.isPresent() && end.get().end().succeeded()
            ? new AttemptOutcome.Succeeded()
            : new AttemptOutcome.InfrastructureFailure(t.gang.stoppedReason());
    if (ran && !t.logsFollowed()) {
      followLogs(t);
    }
    t.logsDone()
        .orTimeout(10, TimeUnit.SECONDS)
        .whenComplete((ignored, error) -> coordinator.execute(() -> finish(t, outcome)));
  }

  /**
   * A node of {@code gang} failed ({@code failedNode}, -1 when the runtime asked): ends the JobSet
   * and stops the other nodes (coordinator thread).
   */
  private void stopGang(GangLaunch gang, int failedNode) {
    if (gang.stopping()) {
      return;
    }
    gang.failedNode = failedNode;
    gang.stoppingSince = Math.max(1, System.nanoTime());
    terminateGang(gang, gang.nodes[Math.max(0, failedNode)].listener);
    if (stopping.get()) {
      return;
    }
    for (Tracked t : gang.nodes) {
      if (!t.finished) {
        step(t);
      }
    }
  }

  /** Ends {@code gang}'s JobSet per {@code METAFLOW_KUBERNETES_JOB_TERMINATE_MODE}, once. */
  private void terminateGang(GangLaunch gang, AttemptListener report) {
    if (gang.terminated) {
      return;
    }
    gang.terminated = true;
    var mode = JobTermination.Mode.of(terminateMode);
    try {
      JobSets.end(client(), gangRenderer.apiVersion(), gang.namespace, gang.jobSetName(), mode);
    } catch (KubernetesClientException e) {
      report.line(
          true,
          "flowline: could not "
              + mode.verb()
              + " JobSet "
              + gang.namespace
              + "/"
              + gang.jobSetName()
              + ": "
              + ApiErrors.describe(e, "end the JobSet"));
    }
  }

  /**
   * Stops the gang {@code spec} is a node of (the runtime asks for each other node when one
   * failed); it reports {@code finished} once its pod ended.
   */
  @Override
  public void stop(TaskSpec spec) {
    coordinator.execute(
        () -> {
          for (GangLaunch gang : new LinkedHashSet<>(gangsByJob.values())) {
            for (Tracked t : gang.nodes) {
              var s = t.attempt.spec();
              if (s.stepName().equals(spec.stepName())
                  && s.taskId().equals(spec.taskId())
                  && s.attempt() == spec.attempt()) {
                stopGang(gang, -1);
                return;
              }
            }
          }
        });
  }

  /** The attempt's pod ended and its log was read (coordinator thread). */
  private void ended(Tracked t, PodOutcomes.End e) {
    Optional<ExceptionSummary> recorded =
        e.userFailure()
            ? RecordedFailure.of(context.store(), context.model().name(), t.attempt.spec())
            : Optional.empty();
    e.explanation(recorded.isPresent()).ifPresent(text -> t.listener.line(true, text));
    if (e.end().cause() == EndCause.OOM_KILLED) {
      oomKills.merge(taskKey(t.attempt), 1, Integer::sum);
    }
    var outcome = e.outcome(recorded);
    if (outcome instanceof AttemptOutcome.Disrupted && !t.jobDeleted) {
      // the Job must not start a replacement pod for this attempt: the next attempt is a new Job
      terminate(t);
    }
    finish(t, outcome);
  }

  private static String taskKey(TaskAttempt attempt) {
    return attempt.spec().stepName() + "/" + attempt.spec().taskId();
  }

  private void followLogs(Tracked t) {
    if (t.logsFollowed() || t.pod == null) {
      return;
    }
    var logs = new PodLogs(t.listener);
    t.logs = logs;
    String podName = t.pod.getMetadata().getName();
    String container = t.job.getSpec().getTemplate().getSpec().getContainers().get(0).getName();
    logSetup.execute(() -> logs.follow(client(), t.namespace(), podName, container));
  }

  private void finish(Tracked t, AttemptOutcome outcome) {
    if (t.finished) {
      return;
    }
    t.finished = true;
    if (t.gang == null) {
      byJob.remove(t.jobName());
    }
    if (t.logs != null) {
      t.logs.close();
    }
    t.listener.finished(outcome);
    if (t.gang != null) {
      if (!outcome.succeeded()) {
        stopGang(t.gang, t.nodeIndex);
      }
      if (t.gang.allFinished()) {
        gangsByJob.remove(t.gang.controlJob());
        gangsByJob.remove(t.gang.workerJob());
      }
    }
  }

  /**
   * Ends {@code t}'s Job (its gang's JobSet) per {@code METAFLOW_KUBERNETES_JOB_TERMINATE_MODE}.
   */
  private void terminate(Tracked t) {
    if (t.gang != null) {
      terminateGang(t.gang, t.listener);
      return;
    }
    var mode = JobTermination.Mode.of(terminateMode);
    try {
      JobTermination.end(client(), t.namespace(), t.jobName(), mode);
    } catch (KubernetesClientException e) {
      t.listener.line(
          true,
          "flowline: could not "
              + mode.verb()
              + " Job "
              + t.namespace()
              + "/"
              + t.jobName()
              + ": "
              + ApiErrors.describe(e, "end the Job"));
    }
  }

  @Override
  public void stopAll() {
    if (!stopping.compareAndSet(false, true)) {
      return;
    }
    List<Tracked> all = new ArrayList<>(byJob.values());
    for (Tracked t : all) {
      if (client != null) {
        terminate(t);
      }
    }
    var gangs = new ArrayList<>(new LinkedHashSet<>(gangsByJob.values()));
    for (GangLaunch gang : gangs) {
      all.addAll(List.of(gang.nodes));
    }
    var done =
        coordinator.submit(
            () -> {
              if (client != null) {
                gangs.forEach(g -> terminateGang(g, g.nodes[0].listener));
              }
              all.forEach(t -> finish(t, new AttemptOutcome.InfrastructureFailure("stopped")));
              gangsArriving.values().forEach(g -> failArrived(g, "stopped"));
              gangsArriving.clear();
            });
    try {
      done.get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      all.forEach(t -> finish(t, new AttemptOutcome.InfrastructureFailure("stopped")));
    }
  }

  @Override
  public void close() {
    stopAll();
    watches.values().forEach(RunWatch::close);
    coordinator.shutdownNow();
    submitter.shutdownNow();
    logSetup.shutdownNow();
    if (client != null) {
      client.close();
    }
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }
}
