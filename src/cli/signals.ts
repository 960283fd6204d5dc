// Ctrl-C handling: the first SIGINT/SIGTERM asks for a clean stop, a second one exits at once (the store stays
// consistent), after `onSecond` has said what that loses.
export const onInterrupt = (stop: () => void, onSecond?: () => void): (() => void) => {
  let count = 0;
  const handler = (): void => {
    count += 1;
    if (count === 1) {
      stop();
      return;
    }
    onSecond?.();
    process.exit(130);
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return () => {
    process.off('SIGINT', handler);
    process.off('SIGTERM', handler);
  };
};
