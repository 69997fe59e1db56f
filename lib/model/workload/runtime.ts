/**
 * What runs in the app's container, when its memory needs are known to be larger than a small web server's:
 * `jvm` (a Java, Kotlin or Scala server) or `python-workers` (pre-forked workers: gunicorn, uWSGI). Rule
 * CT-TRAFFIC-049 warns when the memory limit is likely too small for it.
 */
export type AppRuntime = 'jvm' | 'python-workers';
