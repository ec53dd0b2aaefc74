/**
 * Planners: pure functions from a request (shape, job, dtype, budget) to a plan with its reason
 * ({@code SvdPlanner}, {@code TopKPlanner}, {@code LuPlanner}, {@code EighPlanner}, {@code OutOfCorePlanner}: in
 * memory or out of core, with block size and passes). Layer: above the binding, no native call.
 */
package org.decomp4j.dispatch;
