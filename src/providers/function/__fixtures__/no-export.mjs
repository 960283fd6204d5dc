// A module without a callable export.
export const value = 1;
