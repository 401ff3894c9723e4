/**
 * The static graph of a flow: {@link dev.flowline.graph.GraphReader} reads it from the compiled
 * class with ASM (no user code runs), {@link dev.flowline.graph.GraphLinter} checks it against
 * Metaflow's rules and reports every problem at once, {@link dev.flowline.graph.GraphRenderer}
 * prints it for {@code show}, and {@link dev.flowline.graph.TransitionCheck} compares a task's
 * actual transition with it at run time.
 *
 * <p>Typical use: {@code FlowModel model = new GraphReader().read(flowClass);} (throws {@link
 * dev.flowline.graph.GraphException} listing every problem), then {@code
 * model.withDecorators(withSpecs, DecoratorRegistry.load(loader))} and {@code new
 * GraphLinter().lint(model).throwIfProblems()} so that {@code --with} values are checked too.
 */
package dev.flowline.graph;
