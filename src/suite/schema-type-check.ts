// Compile-time guard that a zod schema's output and a spec type describe the same shape, so neither drifts.

/** `true` only when each type is assignable to the other; assign `true` to it to fail the build on drift. */
export type MutuallyAssignable<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
