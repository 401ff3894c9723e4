/**
 * Java flows mirroring the Python flows of {@code tools/metaflow-reference/flows}, compiled by
 * {@code MetaflowComparisonTest} and compared with Metaflow's output for them.
 */
package dev.flowline.argo.mfref;
