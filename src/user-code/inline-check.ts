// Compiles a `javascript` check's inline code without running it: the suite loader reports a syntax error at
// the check's file:line:col, and the worker that runs the check builds the same function from the same body.

type FunctionConstructor = new (...parameters: string[]) => unknown;

// An async function body lets inline checks use `await` as well as return plain values.
const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as FunctionConstructor;

export const checkParameters = ['output', 'context'] as const;

/** An expression becomes `return (expression);`; code that has `return` is a function body already. */
export const toCheckBody = (code: string): string =>
  /\breturn\b/.test(code) ? code : `return (\n${code}\n);`;

/** The compiler's message when the inline code does not compile, else undefined. */
export const findCompileError = (code: string): string | undefined => {
  try {
    new AsyncFunction(...checkParameters, toCheckBody(code));
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
};
