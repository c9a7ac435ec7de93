/**
 * The estimator API: fit a two-layer ReLU network to its certified global optimum, predict with it, save it.
 *
 * <pre>{@code
 * ConvexReluRegressor estimator = ConvexReluRegressor.builder().beta(0.1).build();
 * ConvexReluModel model = estimator.fit(x, y);          // x: n rows of d features, y: n targets
 * double[] yHat = model.predict(x);
 * Certificate c = model.certificate().orElseThrow();    // objective, lower bound, gap, certified
 * model.save(Path.of("net.json"));                      // the cvxrelu.net/1 file of SPEC.md
 * }</pre>
 *
 * <p>The training problem (squared loss summed over the samples, weight decay β) is solved through its convex
 * reformulation (Pilanci and Ergen, 2020) over the activation patterns of the data; when every pattern is
 * enumerated the answer comes with a dual lower bound that proves it globally optimal over nets of any width.
 * Only this package is exported by the {@code org.cvxrelu} module; the rest of the library is its
 * implementation and may change between releases.
 */
package org.cvxrelu.api;
