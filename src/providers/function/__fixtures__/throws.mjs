// A system under test that fails.
export default async () => {
  throw new Error('database is down');
};
