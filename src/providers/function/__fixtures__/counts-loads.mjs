// Counts how often this module is imported in the thread that runs it.
let loads = 0;
loads++;
export default async () => `loaded ${loads} time(s)`;
