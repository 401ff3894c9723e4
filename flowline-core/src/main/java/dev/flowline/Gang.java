package dev.flowline;

/**
 * The size of a gang, written {@code parallel(4)} in {@code next(this::train, parallel(4))}: the
 * number of nodes started together for the {@link Parallel} step. The graph is read from the
 * compiled class, so the size is an {@code int} constant (a literal or a {@code static final}
 * constant).
 *
 * @param numNodes the number of nodes, at least 2
 */
public record Gang(int numNodes) {}
