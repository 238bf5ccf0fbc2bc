/*
 * `status --watch` and `events --follow` run until the person stops them: Ctrl-C (or
 * SIGTERM) is the normal end of such a command, so it exits 0.
 */
export function untilStopped(): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
