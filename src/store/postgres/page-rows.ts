// Streams a query's rows a page at a time by keyset (the last row of a page is where the next starts), so a
// run or a trace table of any size is read in flat memory and no connection is held while the reader works.

/** Rows per page: a round trip per 1,000 rows costs little, and a page stays a few megabytes at most. */
export const pageSize = 1_000;

/** Yields every row `readPage` returns, asking for the rows after the last one until a page comes back short. */
export async function* pageRows<Row>(
  readPage: (last: Row | undefined) => Promise<Row[]>,
  size = pageSize,
): AsyncGenerator<Row> {
  let last: Row | undefined;
  for (;;) {
    const rows = await readPage(last);
    yield* rows;
    if (rows.length < size) return;
    last = rows.at(-1);
  }
}
