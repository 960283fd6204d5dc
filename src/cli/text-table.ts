// Plain-text tables for the terminal: a header row and columns padded to their widest cell.

/**
 * @example formatTable(['name', 'spent'], [['team-a', '$0.0042']])
 * // 'name    spent\nteam-a  $0.0042'
 */
export const formatTable = (head: readonly string[], rows: readonly (readonly string[])[]): string => {
  const all = [head, ...rows];
  const widths = head.map((_, index) => Math.max(...all.map((row) => row[index]?.length ?? 0)));
  return all
    .map((row) =>
      row
        .map((cell, index) => cell.padEnd(widths[index] ?? 0))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
};
