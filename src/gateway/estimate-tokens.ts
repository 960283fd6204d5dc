// A rough count of a call's input tokens where no upstream counts them: about four characters a token (the
// usual rule of thumb for English with OpenAI's and Anthropic's tokenizers), plus a few tokens per message for
// its role and framing. Marked as an estimate wherever a client sees it.
import type { CallOptions } from '../spec/language-model.js';

const charactersPerToken = 4;
const tokensPerMessage = 4;

export const estimateInputTokens = (options: CallOptions): number => {
  let characters = 0;
  for (const message of options.messages) {
    characters += message.content.length;
    if (message.role === 'assistant') {
      for (const call of message.toolCalls ?? []) characters += call.name.length + call.arguments.length;
    }
  }
  for (const tool of options.tools ?? []) {
    characters += tool.name.length + (tool.description?.length ?? 0) + JSON.stringify(tool.parameters).length;
  }
  return Math.ceil(characters / charactersPerToken) + tokensPerMessage * options.messages.length;
};
