// Zod schema of prompts, chat messages and tool definitions in a suite.
import { z } from 'zod';
import type { Message, ToolChoice, ToolDefinition } from '../spec/messages.js';
import type { MutuallyAssignable } from './schema-type-check.js';

const template = z.string().describe('Text with `{{ var }}` placeholders filled from the test vars.');

const toolCallSchema = z.strictObject({ id: z.string(), name: z.string(), arguments: z.string() });

export const messageSchema = z
  .discriminatedUnion('role', [
    z.strictObject({ role: z.literal('system'), content: template }),
    z.strictObject({ role: z.literal('user'), content: template }),
    z.strictObject({
      role: z.literal('assistant'),
      content: template,
      toolCalls: z.array(toolCallSchema).optional(),
    }),
    z.strictObject({ role: z.literal('tool'), toolCallId: z.string(), content: template }),
  ])
  .meta({ id: 'Message', description: 'A chat message.' });

export const toolSchema = z
  .strictObject({
    name: z.string().min(1),
    description: z.string().optional(),
    parameters: z.record(z.string(), z.unknown()).describe('JSON Schema of the arguments object.'),
  })
  .meta({ id: 'Tool', description: 'A tool the model may call.' });

export const toolChoiceSchema = z
  .union([z.enum(['auto', 'none', 'required']), z.strictObject({ name: z.string().min(1) })])
  .describe('Whether and which tool the model must call.');

export const promptObjectSchema = z
  .strictObject({
    id: z.string().min(1).optional().describe('Defaults to `prompt-<n>`.'),
    messages: z.array(messageSchema).min(1),
    tools: z.array(toolSchema).optional().describe('Tools for this prompt; overrides the suite `tools`.'),
    toolChoice: toolChoiceSchema.optional(),
  })
  .describe('A prompt as chat messages.');

export const promptSchema = z
  .union([template.describe('A single user message.'), promptObjectSchema])
  .describe('A prompt: a string (one user message) or an object with messages.');

const messageMatches: MutuallyAssignable<z.output<typeof messageSchema>, Message> = true;
const toolMatches: MutuallyAssignable<z.output<typeof toolSchema>, ToolDefinition> = true;
const toolChoiceMatches: MutuallyAssignable<z.output<typeof toolChoiceSchema>, ToolChoice> = true;
void [messageMatches, toolMatches, toolChoiceMatches];
