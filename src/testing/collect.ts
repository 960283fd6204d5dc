// Reads an async iterable (a store's streaming read) into an array, for tests that look at every row.
export const collect = async <T>(rows: AsyncIterable<T>): Promise<T[]> => {
  const all: T[] = [];
  for await (const row of rows) all.push(row);
  return all;
};
