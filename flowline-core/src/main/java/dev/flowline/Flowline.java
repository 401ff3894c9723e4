package dev.flowline;

import dev.flowline.cli.CliContext;
import dev.flowline.cli.ExitCodes;
import dev.flowline.cli.FlowCli;
import dev.flowline.cli.FlowResolver;
import dev.flowline.cli.RootCli;
import dev.flowline.cli.UsageException;
import dev.flowline.cli.WorkerCache;
import dev.flowline.runtime.InvalidRunException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The command line entry point: {@code bin/flowline FLOW COMMAND [OPTIONS]} runs {@code main}; a
 * flow class may also start itself with {@code Flowline.main(MyFlow.class, args)} from its own
 * {@code main}. FLOW is a flow class name on the class path or the path of a single {@code .java}
 * file. Exit codes: 0 success, 1 a task or run failed, 2 bad usage, configuration or graph (nothing
 * was run).
 */
public final class Flowline {
  private Flowline() {}

  /** Runs {@code bin/flowline} with {@code args} and exits with its exit code. */
  public static void main(String[] args) {
    int code =
        execute(
            Arrays.asList(args),
            System.getenv(),
            Path.of(""),
            Flowline.class.getClassLoader(),
            System.out,
            System.err);
    System.exit(code);
  }

  /** Runs the commands of {@code flowClass} (e.g. {@code run}) with {@code args} and exits. */
  public static void main(Class<? extends FlowSpec> flowClass, String[] args) {
    var all = new java.util.ArrayList<String>();
    all.add(flowClass.getName());
    all.addAll(Arrays.asList(args));
    int code =
        execute(
            all, System.getenv(), Path.of(""), flowClass.getClassLoader(), System.out, System.err);
    System.exit(code);
  }

  /**
   * Runs one command without exiting: the exit code.
   *
   * @param args {@code FLOW COMMAND [OPTIONS]} or a flow-less command such as {@code configure
   *     show}
   * @param env the environment (configuration, parameters from {@code METAFLOW_RUN_*})
   * @param workDir the working directory (the local datastore goes to its {@code .metaflow})
   * @param loader the class loader that finds the flow classes
   */
  public static int execute(
      List<String> args,
      Map<String, String> env,
      Path workDir,
      ClassLoader loader,
      PrintStream out,
      PrintStream err) {
    return execute(args, env, workDir, loader, out, err, WorkerCache.none());
  }

  /**
   * Runs one command without exiting, reusing what {@code cache} kept from earlier commands of the
   * same warm worker: the exit code.
   */
  public static int execute(
      List<String> args,
      Map<String, String> env,
      Path workDir,
      ClassLoader loader,
      PrintStream out,
      PrintStream err,
      WorkerCache cache) {
    var outWriter = new PrintWriter(out, true);
    var errWriter = new PrintWriter(err, true);
    try {
      if (args.isEmpty() || RootCli.handles(args.get(0))) {
        return new RootCli(env, workDir.toAbsolutePath(), outWriter, errWriter).execute(args);
      }
      var resolved = new FlowResolver(workDir.toAbsolutePath(), env, loader).resolve(args.get(0));
      var context =
          new CliContext(
              args.get(0), resolved, env, workDir.toAbsolutePath(), outWriter, errWriter, cache);
      return new FlowCli(context).execute(args.subList(1, args.size()));
    } catch (UsageException | InvalidRunException e) {
      errWriter.println(e.getMessage());
      return ExitCodes.USAGE;
    } finally {
      outWriter.flush();
      errWriter.flush();
    }
  }

  /**
   * Loads the classes a task needs (flow model, serializers, datastore) without running anything,
   * and keeps the flow's model and the {@code step} command in {@code cache}, so the first task on
   * a warm worker starts fast. Never fails.
   */
  public static void warmUp(String flowClass, ClassLoader loader, WorkerCache cache) {
    try {
      Path workDir = Path.of("").toAbsolutePath();
      var resolved = new FlowResolver(workDir, Map.of(), loader).resolve(flowClass);
      var nowhere = new PrintWriter(java.io.OutputStream.nullOutputStream());
      new FlowCli(new CliContext(flowClass, resolved, Map.of(), workDir, nowhere, nowhere, cache))
          .warmUp();
    } catch (RuntimeException e) {
      // an optimisation only: the task itself reports real problems
    }
  }
}
