// A system under test that answers with a plain string.
export default async ({ prompt, vars }) => `You asked: ${prompt} (city=${vars.city ?? 'none'})`;
