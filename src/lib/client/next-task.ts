/** Resolves in a new task, so work before and after it never share one main-thread task. */
export function nextTask(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}
