/**
 * The seam between koldy's API and its runner: the {@link koldy.internal.Session} a migration's
 * {@code Db} calls run in, found per thread ({@link koldy.internal.CurrentSession}), and the
 * runner's finishing touch on a failure ({@link koldy.internal.Failures}). The lowest layer, below
 * the API, so the API's classes can use it without showing it: not exported, not API, and a
 * migration never touches it.
 */
package koldy.internal;
