// A system under test that returns something yardstick cannot read.
export default async () => ({ answer: 42 });
