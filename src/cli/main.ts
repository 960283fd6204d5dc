// Entry point of the `yardstick` command: dispatches to one file per command.
export const main = async (argv: string[]): Promise<number> => {
  process.stdout.write(`yardstick: no commands yet (${argv.join(' ')})\n`);
  return 0;
};
