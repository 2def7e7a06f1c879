/** Finding a Python with scikit-learn for the peer runs (forest and pipeline sections). */
import { spawnSync } from 'node:child_process';

/** First python3 that imports sklearn (EXOFOREST_PYTHON, python3, /usr/bin/python3), or null. */
export function findSklearnPython(): string | null {
  const candidates = [process.env.EXOFOREST_PYTHON, 'python3', '/usr/bin/python3'].filter(
    (c): c is string => !!c
  );
  for (const py of candidates) {
    const r = spawnSync(py, ['-c', 'import sklearn'], { stdio: 'ignore' });
    if (r.status === 0) return py;
  }
  return null;
}
