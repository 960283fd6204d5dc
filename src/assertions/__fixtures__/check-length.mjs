// A javascript assertion file as a user writes it: async, default-exported.
export default async (output, context) => ({
  pass: output.length <= context.vars.maxLength,
  reason: `length ${output.length}`,
});
